export { ParticipantDriver } from './driver.js';
export { loadProgramme } from './load.js';

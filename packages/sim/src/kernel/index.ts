export {
  compileKernel, phaseNames, statusNames, incomeNames,
  INTAKE, WAITING, ACTIVE, PAUSED, EXITED, DECLINED, UPCOMING, DUE, OVERDUE, MET, CANCELLED, NONE, NEVER,
} from './compile.js';
export type { CompiledKernel, PhaseName, StatusName } from './compile.js';
export { KernelParticipant } from './participant.js';
export type { KernelDeadline, KernelView } from './participant.js';
export { FastRoster } from './roster.js';
export { ProfileSpace, ProfileTable, encodeFacts, decodeFacts } from './profiles.js';
export type { EncodedFacts } from './profiles.js';
export { addMonths, dayFromCivil, dayNumber, isoDate, addDayPeriod, subtractDayPeriod } from './calendar.js';

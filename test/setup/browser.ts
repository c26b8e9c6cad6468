import { existsSync } from 'node:fs';
import { CHROMIUM, inCi } from './environment.js';

/** Global setup of the browser tests: they need Chromium; without it they are skipped and this says so (in CI, it fails the run). */
export default function setup(): void {
  if (existsSync(CHROMIUM)) return;
  const why = `${CHROMIUM} is missing (apt-get install -y chromium)`;
  if (inCi()) throw new Error(`Chromium: ${why}; CI runs every test`);
  console.log(`Chromium: SKIPPED the report's browser test: ${why}`);
}

/** What the slow tests need from the machine, in one place: the global setup reports on it, the tests skip by it. */

/** Debian's Chromium, which the report's browser test drives through playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';

/** Set by CI (.ci/run): there, a test that would be skipped for want of a tool fails the run instead. */
export const inCi = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

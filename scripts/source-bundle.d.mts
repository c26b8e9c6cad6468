/** The bundle of a workspace TypeScript entry (a path), fresh: rebuilt if any file it was made from changed. */
export function sourceBundle(entry: string): Promise<string>;
/** Runs a workspace entry from source in a new node process with `args`; resolves to its exit code. */
export function runSource(entry: string, args: readonly string[]): Promise<number>;

/** The bundle of a workspace TypeScript entry (a path), fresh: rebuilt if any file it was made from changed. */
export function sourceBundle(entry: string): Promise<string>;

type ScopedImport = (specifier: string, parentURL: string) => Promise<unknown>;

let scoped: Promise<ScopedImport> | undefined;

/**
 * Imports one of the user's modules (a `.ts` programme, a step-kind plugin) through tsx, so TypeScript
 * needs no build step. Every import of a process goes through one tsx namespace: a kinds module that a
 * programme imports and a config file names as well is then one module with the same kind objects (not
 * two copies that would clash by name), and a module is compiled once however many commands read it.
 */
export async function importUserModule(specifier: string, parentURL: string): Promise<Record<string, unknown>> {
  scoped ??= import('tsx/esm/api').then(({ register }) => register({ namespace: 'stegvis-user-modules' }).import);
  return (await (await scoped)(specifier, parentURL)) as Record<string, unknown>;
}

/** The first line of what a module threw while loading: enough to find the mistake, never a stack. */
export const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';

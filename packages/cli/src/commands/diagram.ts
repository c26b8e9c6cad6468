import type { Lang } from '@stegvis/core';
import { mermaidOf } from '../diagram.js';
import { type Io, exitCodes } from '../io.js';
import { loadOptionsOf } from '../data-only.js';
import { requireProgramme } from '../load-programme.js';

/** `stegvis diagram <programme> [--lang sv|en]`: the programme as Mermaid text on stdout. */
export async function diagramCommand(file: string, options: { lang: Lang; dataOnly?: boolean; plugin?: readonly string[] }, io: Io, cwd: string): Promise<number> {
  const { programme } = await requireProgramme(file, cwd, loadOptionsOf(options, io));
  const text = mermaidOf(programme, options.lang);
  io.stdout(text.endsWith('\n') ? text : `${text}\n`);
  return exitCodes.ok;
}

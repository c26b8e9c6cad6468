import { type Lang, type Programme, programmeDiagram } from '@stegvis/core';

/** The programme as Mermaid text (`@stegvis/core`'s `programmeDiagram`). */
export const mermaidOf = (programme: Programme, lang: Lang): string => programmeDiagram(programme, { lang });

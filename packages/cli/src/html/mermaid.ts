import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * Mermaid's browser build (an IIFE that sets `globalThis.mermaid`), inlined: the report renders its diagram with
 * no network. The build is Mermaid's own tiny one (`@mermaid-js/tiny`, the same version): every diagram but the
 * mindmap and the architecture diagram, without KaTeX; the report draws a state diagram. It is 2.6 MB against the
 * full build's 3.6, which a page parses and compiles on every open, and the package has no dependencies (the full
 * `mermaid` package brought about a hundred packages to every install of the CLI). `</script` cannot occur inside an inline script, so
 * it is escaped (`<\/script` means the same in JavaScript strings and regexes).
 */
export async function mermaidBrowserBuild(): Promise<string> {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@mermaid-js/tiny/dist/mermaid.tiny.js');
  return inlineScript(await readFile(file, 'utf8'));
}

export const inlineScript = (js: string): string => js.replace(/<\/(script)/gi, '<\\/$1');

/** A value as a JavaScript literal safe inside an inline `<script>`. */
export const jsLiteral = (value: unknown): string =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * Renders the diagram source into `#diagram`; marks it `data-rendered` when done, and shows the
 * source with the error if Mermaid cannot draw it.
 */
export const renderDiagramScript = (source: string): string => `
(function () {
  var box = document.getElementById('diagram');
  var source = ${jsLiteral(source)};
  try {
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral', themeVariables: { fontSize: '15px' }, fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', state: { useMaxWidth: true }, flowchart: { useMaxWidth: true } });
    mermaid.render('diagram-svg', source).then(function (r) {
      box.innerHTML = r.svg;
      box.setAttribute('data-rendered', 'true');
    }, fail);
  } catch (e) { fail(e); }
  function fail(e) {
    box.setAttribute('data-rendered', 'error');
    box.textContent = String(e && e.message || e);
    console.error('the diagram could not be drawn:', e);
  }
})();`;

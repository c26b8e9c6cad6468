/** The report's stylesheet: system fonts (nothing to fetch), a readable measure, colours with AA contrast. */
export const css = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #595959; --rule: #d9d9d9; --accent: #0072B2; --pass: #007a5a; --fail: #b34700; --paper: #ffffff; --wash: #f5f7f9; }
* { box-sizing: border-box; }
html { font-size: 17px; }
body { margin: 0; background: var(--paper); color: var(--ink); font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.55; }
main { max-width: 52rem; margin: 0 auto; padding: 2.5rem 1.25rem 4rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .4rem; letter-spacing: -.01em; }
h2 { font-size: 1.35rem; line-height: 1.3; margin: 2.8rem 0 .4rem; padding-top: 1.2rem; border-top: 1px solid var(--rule); }
p { margin: .4rem 0 1rem; max-width: 44rem; }
.lede { font-size: 1.1rem; color: var(--muted); }
.statement { font-weight: 600; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(11.5rem, 1fr)); gap: .75rem; margin: 1.5rem 0 0; padding: 0; }
.facts div { background: var(--wash); border-radius: 6px; padding: .6rem .8rem; min-width: 0; }
.facts dt { font-size: .8rem; color: var(--muted); overflow-wrap: break-word; }
.facts dd { margin: 0; font-size: 1.35rem; font-weight: 650; font-variant-numeric: tabular-nums; overflow-wrap: break-word; }
.facts dd.ci { font-size: .78rem; font-weight: 400; color: var(--muted); }
.toc { columns: 2; margin: 1.5rem 0 0; padding-left: 1.2rem; font-size: .9rem; }
.toc a { color: var(--accent); }
figure { margin: 1rem 0 0; }
svg.chart { width: 100%; height: auto; font-family: inherit; display: block; margin: .6rem 0; }
svg.chart text { font-size: 13px; fill: var(--ink); }
svg.chart text.axis, svg.chart text.note { fill: var(--muted); font-size: 12px; }
svg.chart text.value { font-variant-numeric: tabular-nums; font-weight: 600; }
svg.chart text.pass { fill: var(--pass); font-weight: 600; }
svg.chart text.fail { fill: var(--fail); font-weight: 600; }
.diagram { border: 1px solid var(--rule); border-radius: 6px; padding: 1rem; overflow-x: auto; background: #fff; min-height: 6rem; }
.diagram svg { max-width: 100%; height: auto; }
details { margin: .6rem 0 0; }
summary { cursor: pointer; color: var(--accent); }
.table-wrap { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .9rem; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: .3rem .8rem .3rem 0; border-bottom: 1px solid var(--rule); vertical-align: top; overflow-wrap: break-word; }
th { vertical-align: bottom; }
td:first-child { white-space: nowrap; }
th { font-weight: 600; }
td.num, th.num { text-align: right; }
td.num { white-space: nowrap; }
table.assumptions td:first-child { min-width: 14rem; white-space: normal; }
q.quoted { font-style: italic; color: var(--muted); }
.pass { color: var(--pass); font-weight: 600; }
.fail { color: var(--fail); font-weight: 600; }
pre { white-space: pre-wrap; font-size: .8rem; background: var(--wash); padding: .8rem; border-radius: 6px; }
ul.notes { font-size: .9rem; color: var(--muted); }
footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--rule); font-size: .85rem; color: var(--muted); }
@media print { h2 { break-before: auto; } section { break-inside: avoid; } details { display: none; } }
`;

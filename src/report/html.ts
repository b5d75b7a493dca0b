/**
 * A self-contained HTML page: inline SVG figures (ids made unique per figure so several vega
 * SVGs can share a page), tables, and JSON in <details>; no scripts, no external files, so it
 * opens offline and can be mailed as one file.
 */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Prefixes every id and every reference to it (url(#…), href="#…") with `prefix-`. */
export function inlineSvg(svg: string, prefix: string): string {
  return svg
    .replace(/<\?xml[^>]*\?>/, '')
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
}

export function htmlTable(header: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  const cell = (v: string | number | boolean | null | undefined) => (v === null || v === undefined ? '–' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : Number(v.toPrecision(6)).toString()) : esc(String(v)));
  return `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

export interface Section {
  id: string;
  heading: string;
  html: string;
}

export function htmlPage(title: string, intro: string, sections: Section[]): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right}th{background:#f4f4f4}
td:first-child,th:first-child{text-align:left}figure{margin:1em 0}svg{max-width:100%;height:auto}
.note{color:#666;font-size:.9em}pre{background:#f8f8f8;padding:.5em;overflow:auto;font-size:.8em}nav a{margin-right:1em}
</style></head><body>
<h1>${esc(title)}</h1>
${intro}
<nav>${sections.map((s) => `<a href="#${s.id}">${esc(s.heading)}</a>`).join('')}</nav>
${sections.map((s) => `<section id="${s.id}"><h2>${esc(s.heading)}</h2>\n${s.html}\n</section>`).join('\n')}
</body></html>
`;
}

import type { Dossier, Section } from './dossier-data.js';

/** Every piece of user text (case text, reasons, notes, names from the roster) passes through here. */
export function escapeHtml(v: unknown): string {
  return String(v ?? '').replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
}

// A4 with the serif fonts a Chinese office prints with; tables repeat their header and never split a row.
const STYLE = `
@page { size: A4; margin: 18mm 16mm 20mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Serif CJK SC", "Songti SC", "SimSun", serif; font-size: 10.5pt; line-height: 1.5;
  color: #000; margin: 0 auto; max-width: 178mm; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 2mm; letter-spacing: 0.1em; }
.sub { text-align: center; margin: 0 0 6mm; font-size: 10pt; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; border-bottom: 1.5pt solid #000; padding-bottom: 1mm; break-after: avoid; }
table { width: 100%; border-collapse: collapse; margin-bottom: 2mm; }
th, td { border: 0.75pt solid #000; padding: 1.2mm 1.8mm; text-align: left; vertical-align: top; }
td { white-space: pre-wrap; word-break: break-word; }
th { background: #eee; font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.kv th { width: 30mm; }
table:not(.kv) { font-size: 9pt; }
.none { color: #555; font-style: italic; }
footer { margin-top: 8mm; font-size: 9pt; border-top: 0.75pt solid #000; padding-top: 2mm; }
@media screen { body { padding: 10mm; } }
`;

const cell = (v: string, tag: 'td' | 'th' = 'td') => `<${tag}>${escapeHtml(v)}</${tag}>`;

function sectionHtml(s: Section): string {
  const title = `<h2>${escapeHtml(s.title)}</h2>`;
  if (s.layout === 'kv')
    return `${title}<table class="kv"><tbody>${s.rows.map(([k, v]) => `<tr>${cell(k ?? '', 'th')}${cell(v ?? '')}</tr>`).join('')}</tbody></table>`;
  if (s.rows.length === 0) return `${title}<p class="none">${escapeHtml(s.empty)}</p>`;
  const head = `<thead><tr>${s.head.map((h) => cell(h, 'th')).join('')}</tr></thead>`;
  const body = s.rows.map((r) => `<tr>${r.map((v) => cell(v)).join('')}</tr>`).join('');
  return `${title}<table>${head}<tbody>${body}</tbody></table>`;
}

/** One printable HTML document for archiving a case: prints to A4 from any browser. */
export function renderDossierHtml(d: Dossier): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${d.title} ${d.subtitle}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(d.title)}</h1>
<p class="sub">${escapeHtml(d.subtitle)}</p>
${d.sections.map(sectionHtml).join('\n')}
<footer>${escapeHtml(d.footer)}</footer>
</body>
</html>
`;
}

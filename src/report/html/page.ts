/** The page shell: one HTML document with inline CSS and script, no external resources. */
import { esc } from './format.js';

const CSS = `
:root{--fg:#1d2330;--muted:#5b6475;--line:#dde1e8;--bg:#f4f6f9;--card:#fff;--accent:#2455c3}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1280px;margin:0 auto;padding:20px 24px 40px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:0 0 10px}
h3{font-size:14px;margin:0 0 6px}
p{margin:6px 0}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 18px;margin:14px 0}
nav{display:flex;gap:14px;flex-wrap:wrap;font-size:13px;margin:8px 0 0}
nav a{color:var(--accent);text-decoration:none}
.muted{color:var(--muted)}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:10px 0 0;font-size:13px}
.meta dt{color:var(--muted)}
.meta dd{margin:0;overflow-wrap:anywhere}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin-top:14px}
.card{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:118px;background:#fafbfd}
.card b{display:block;font-size:24px;font-weight:650;font-variant-numeric:tabular-nums}
.card.main{border-color:var(--accent);background:#eef3fd}
.card.main b{font-size:30px;color:var(--accent)}
.card span{font-size:12px;color:var(--muted)}
.card small{display:block;font-size:12px;color:var(--muted)}
.warn{border-color:#e9b949;background:#fffaeb}
.row{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.row>*{flex:1 1 420px;min-width:0}
svg{display:block;max-width:100%;height:auto;font-family:inherit}
svg{font-size:11px;fill:#1d2330}
table{border-collapse:collapse;font-size:12.5px;font-variant-numeric:tabular-nums}
th,td{padding:3px 8px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
th{background:#f0f2f6;font-weight:600}
th:first-child,td:first-child,.images td:nth-child(2),.images th:nth-child(2),.left td:nth-child(2),.left th:nth-child(2){text-align:left}
.scroll{overflow:auto;max-height:520px;border:1px solid var(--line);border-radius:6px}
.scroll th{position:sticky;top:0;z-index:1}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th[aria-sort=ascending]::after{content:" \\25B2"}
table.sortable th[aria-sort=descending]::after{content:" \\25BC"}
.sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:-1px;border:1px solid rgba(0,0,0,.25)}
${Array.from({ length: 10 }, (_, q) => `.q${q}{background:hsl(${12 * q},75%,${93 - q * 0.6}%)}`).join('')}
.worst{margin:14px 0 0;padding-top:12px;border-top:1px solid var(--line)}
.panels{display:grid;grid-template-columns:repeat(4,1fr);gap:8px}
.panels figure{margin:0}
.panels img{width:100%;display:block;border-radius:4px}
.panels figcaption{font-size:12px;color:var(--muted);margin-top:2px}
.pairs{font-size:12.5px;color:var(--muted);margin:2px 0 6px}
.pair{white-space:nowrap;color:var(--fg);margin-right:14px}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;font-size:12.5px;margin:6px 0}
code{font-size:12.5px;background:#f0f2f6;padding:1px 4px;border-radius:3px}
ul{margin:6px 0;padding-left:20px}
`;

export function page(title: string, body: string, script: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
<script>${script}</script>
</body>
</html>
`;
}

// The study document written out: Markdown (charts pointed to in the HTML page) and one standalone HTML page
// (inline CSS and SVG, nothing fetched). Inline text uses a small Markdown subset — `code` and **bold** — which
// the HTML writer translates.
import type { Block, Section } from './document.js';

type Doc = { title: string; intro: Block[]; sections: Section[] };

const cell = (c: string | number) => String(c).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function mdBlock(b: Block): string {
  switch (b.kind) {
    case 'p': return b.text;
    case 'list': return b.items.map((i) => `- ${i}`).join('\n');
    case 'table': return [`| ${b.head.map(cell).join(' | ')} |`, `|${b.head.map(() => '---').join('|')}|`, ...b.rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
    case 'chart': return `*Chart: ${b.title} — in [study.html](study.html).*`;
  }
}

export function renderMarkdown(d: Doc): string {
  const out = [`# ${d.title}`, '', ...d.intro.flatMap((b) => [mdBlock(b), ''])];
  for (const s of d.sections) out.push(`${'#'.repeat(s.level)} ${s.title}`, '', ...s.blocks.flatMap((b) => [mdBlock(b), '']));
  return out.join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `code` and **bold** of the Markdown subset, on escaped text. */
function inline(s: string): string {
  return esc(s).replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

function htmlBlock(b: Block): string {
  switch (b.kind) {
    case 'p': return `<p>${inline(b.text)}</p>`;
    case 'list': return `<ul>\n${b.items.map((i) => `<li>${inline(i)}</li>`).join('\n')}\n</ul>`;
    case 'table': return `<table>\n<thead><tr>${b.head.map((h) => `<th>${inline(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${b.rows.map((r) => `<tr>${r.map((c) => `<td>${inline(String(c))}</td>`).join('')}</tr>`).join('\n')}\n</tbody>\n</table>`;
    case 'chart': return `<figure>\n${b.svg}\n<figcaption>${inline(b.title)}</figcaption>\n</figure>`;
  }
}

const CSS = `body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
table{border-collapse:collapse;margin:0.8em 0;font-size:0.88em}th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f2f2f2}code{background:#f4f4f4;padding:0 3px;font-size:0.92em}figure{margin:1em 0}figcaption{font-size:0.85em;color:#555}`;

export function renderHtml(d: Doc): string {
  const body = [`<h1>${inline(d.title)}</h1>`, ...d.intro.map(htmlBlock)];
  for (const s of d.sections) body.push(`<h${s.level}>${inline(s.title)}</h${s.level}>`, ...s.blocks.map(htmlBlock));
  return ['<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', `<title>${esc(d.title)}</title>`, `<style>${CSS}</style>`, '</head>', '<body>', ...body, '</body>', '</html>', ''].join('\n');
}

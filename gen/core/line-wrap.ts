// Generated Verilog keeps to 120 characters a line: lines that are longer are broken at spaces outside string
// literals (continuations indented four more), comments are refilled as comments, and a trailing comment that
// no longer fits moves above its code. Compiler directives are never broken (a `define would need a backslash).
export const MAX_LINE = 120;

/** Split a line into its code and its `//` comment (the text after the slashes), outside string literals. */
function splitComment(line: string): { code: string; comment?: string } {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && line[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && c === '/' && line[i + 1] === '/') return { code: line.slice(0, i), comment: line.slice(i + 2) };
    else if (!quoted && c === '/' && line[i + 1] === '*') {
      const end = line.indexOf('*/', i + 2);
      if (end < 0) break;
      i = end + 1;
    }
  }
  return { code: line };
}

/** Words and the spaces between them, outside string literals: [word, gap, word, gap, ..., word]. */
function words(text: string): string[] {
  const parts = [''];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const isGap = !quoted && c === ' ';
    const inGap = (parts.length - 1) % 2 === 1;
    if (isGap !== inGap) parts.push(c);
    else parts[parts.length - 1] += c;
    if (c === '"' && text[i - 1] !== '\\') quoted = !quoted;
  }
  return parts.length % 2 === 0 ? parts.slice(0, -1) : parts;
}

/** Greedy fill: the first line starts with `first`, the others with `rest`; breaks replace gaps. */
function fill(pieces: string[], first: string, rest: string, max: number): string[] {
  const lines: string[] = [];
  let line = first;
  let fresh = true;
  for (let i = 0; i < pieces.length; i += 2) {
    const word = pieces[i];
    const gap = i > 0 ? pieces[i - 1] : '';
    if (!fresh && (line + gap + word).length > max) {
      lines.push(line);
      line = rest + word;
    } else line += fresh ? word : gap + word;
    fresh = false;
  }
  lines.push(line);
  return lines.map((l) => l.trimEnd());
}

/** A comment refilled: words of over a line broken after their commas (a JSON parameter object, say). */
function wrapComment(indent: string, comment: string, max: number): string[] {
  const lead = /^ */.exec(comment)![0];
  const room = max - indent.length - 3;
  const split = words(comment.slice(lead.length)).flatMap((w, i) =>
    i % 2 === 1 || w.length <= room ? [w] : w.split(/(?<=,)/).flatMap((s, j) => (j ? ['', s] : [s])));
  return fill(split, `${indent}//${lead}`, `${indent}// `, max);
}

function wrapLine(line: string, max: number): string[] {
  const indent = /^\s*/.exec(line)![0];
  if (line.trimStart().startsWith('`')) return [line];
  const { code, comment } = splitComment(line);
  if (comment !== undefined && code.trim() === '') return wrapComment(indent, comment, max);
  const body = code.trimEnd();
  const codeLines = body.length <= max ? [body] : fill(words(body.slice(indent.length)), indent, `${indent}    `, max);
  if (comment === undefined) return codeLines;
  const last = codeLines.length - 1;
  const withComment = `${codeLines[last]}${code.slice(body.length) || ' '}//${comment}`;
  if (withComment.length <= max) return [...codeLines.slice(0, last), withComment];
  return [...wrapComment(indent, comment, max), ...codeLines];
}

/** The text with every line over `max` characters broken as above (lines that cannot be broken are kept). */
export function wrapLongLines(text: string, max = MAX_LINE): string {
  return text.split('\n').flatMap((l) => (l.length <= max ? [l] : wrapLine(l, max))).join('\n');
}

// Composing generated designs: a sub-design's modules go into the composing design's own file, renamed
// `<top>__<module>`, so the file stands alone (lints and synthesizes with hw/lib only) and never clashes with the
// sub-design's own checked-in file of the same configuration.
import type { GeneratedDesign } from './design.js';

export interface EmbeddedDesign {
  /** The sub-design's top module as renamed inside the composing file. */
  top: string;
  /** Its files' text, modules renamed, to append to the composing file. */
  text: string;
  libFiles: string[];
}

/** Every module a file declares (a composed design's file holds its sub-designs' modules too). */
function declaredModules(text: string): string[] {
  return [...text.matchAll(/^module\s+([A-Za-z_][\w$]*)/gm)].map((m) => m[1]);
}

export function embedDesign(composer: string, sub: GeneratedDesign): EmbeddedDesign {
  const modules = [...new Set(sub.files.flatMap((f) => declaredModules(f.content)))];
  // whole identifiers only: renaming `a` leaves `a__b` (a module of its own) alone
  const rename = (text: string) => modules.reduce((t, m) => t.replace(new RegExp(`(?<![\\w$])${m}(?![\\w$])`, 'g'), `${composer}__${m}`), text);
  return {
    top: `${composer}__${sub.top}`,
    // several modules in one file is the point here: Verilator's file-name rule does not apply to them
    text: sub.files.map((f) => `\n// ---- ${f.name}, embedded by ${composer} (modules renamed ${composer}__*)\n/* verilator lint_off DECLFILENAME */\n${rename(f.content)}`).join(''),
    libFiles: sub.libFiles,
  };
}

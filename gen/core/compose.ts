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

/** Generated files hold one module each, named like the file. */
export function embedDesign(composer: string, sub: GeneratedDesign): EmbeddedDesign {
  const modules = sub.files.map((f) => f.name.replace(/\.v$/, ''));
  const rename = (text: string) => modules.reduce((t, m) => t.replace(new RegExp(`\\b${m}\\b`, 'g'), `${composer}__${m}`), text);
  return {
    top: `${composer}__${sub.top}`,
    // several modules in one file is the point here: Verilator's file-name rule does not apply to them
    text: sub.files.map((f) => `\n// ---- ${f.name}, embedded by ${composer} (modules renamed ${composer}__*)\n/* verilator lint_off DECLFILENAME */\n${rename(f.content)}`).join(''),
    libFiles: sub.libFiles,
  };
}

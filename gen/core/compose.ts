// Composing generated designs: a composing design (the queue engine, the EC stripe stages, the board top)
// instantiates its sub-designs' top modules by their own names and ships their files after its own. Every
// distinct module is one file, listed once however many sub-designs use it; two different texts under one file
// name are a generator bug and are refused.
import type { GeneratedDesign, GeneratedFile } from './design.js';

/** The files of a composed design: its own top file first, then every sub-design's files, each name once. */
export function composedFiles(own: GeneratedFile, subs: readonly GeneratedDesign[]): GeneratedFile[] {
  const byName = new Map<string, GeneratedFile>([[own.name, own]]);
  for (const f of subs.flatMap((s) => s.files)) {
    const seen = byName.get(f.name);
    if (seen && seen.content !== f.content) throw new Error(`composing ${own.name}: two different texts of ${f.name} (a module name must say every parameter that changes its RTL)`);
    byName.set(f.name, f);
  }
  return [...byName.values()];
}

/** The hand-written hw/lib files a composed design needs: its own and its sub-designs', each once. */
export function composedLibFiles(own: readonly string[], subs: readonly GeneratedDesign[]): string[] {
  return [...new Set([...own, ...subs.flatMap((s) => s.libFiles)])];
}

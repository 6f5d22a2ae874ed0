// A real compression corpus for benchmarks and tests: text, HTML, XML, digits, PNG data and random bytes
// from the Debian package golang-github-klauspost-compress-dev (installed by scripts/setup.sh). The Silesia
// xml file ships zstd-compressed; it is unpacked once into the cache.
import { existsSync, readFileSync } from 'node:fs';
import { cachedBuild } from '../util/build-cache.js';
import path from 'node:path';
import { runTool } from '../util/run-tool.js';

export const CORPUS_PACKAGE = 'golang-github-klauspost-compress-dev';
const ROOT = '/usr/share/gocode/src/github.com/klauspost/compress';

export interface CorpusFile {
  name: string;
  kind: 'text' | 'markup' | 'digits' | 'binary' | 'random';
  data: Uint8Array;
}

const FILES: readonly { name: string; kind: CorpusFile['kind']; rel: string }[] = [
  { name: 'Tom Sawyer (Mark Twain)', kind: 'text', rel: 'testdata/Mark.Twain-Tom.Sawyer.txt' },
  { name: 'html', kind: 'markup', rel: 'testdata/html.txt' },
  { name: 'xml (Silesia), first 1 MiB', kind: 'markup', rel: 'zstd/testdata/xml.zst' },
  { name: 'e (digits)', kind: 'digits', rel: 'testdata/e.txt' },
  { name: 'pngdata', kind: 'binary', rel: 'testdata/pngdata.bin' },
  { name: 'sharnd (random)', kind: 'random', rel: 'testdata/sharnd.out' },
];

export class CorpusMissingError extends Error {
  constructor(file: string) {
    super(`corpus file ${file} is missing: install the Debian package ${CORPUS_PACKAGE} (scripts/setup.sh does)`);
    this.name = 'CorpusMissingError';
  }
}

async function readZst(file: string): Promise<Uint8Array> {
  const name = path.basename(file, '.zst');
  const dir = await cachedBuild('corpus', name, async (tmp) => {
    const r = await runTool('zstd', ['-d', '-q', '-f', '-o', path.join(tmp, name), file]);
    if (!r.ok) throw new Error(`unpacking ${file} failed: ${r.failure}\n${r.all}`);
  });
  return readFileSync(path.join(dir, name));
}

/** The corpus files (each at most `maxBytes`, default 1 MiB). */
export async function loadCorpus(maxBytes = 1 << 20): Promise<CorpusFile[]> {
  const files: CorpusFile[] = [];
  for (const f of FILES) {
    const file = path.join(ROOT, f.rel);
    if (!existsSync(file)) throw new CorpusMissingError(file);
    const data = f.rel.endsWith('.zst') ? await readZst(file) : readFileSync(file);
    files.push({ name: f.name, kind: f.kind, data: new Uint8Array(data.subarray(0, maxBytes)) });
  }
  return files;
}

/** Write the corpus files' sizes as a one-line summary (for reports). */
export function describeCorpus(files: readonly CorpusFile[]): string {
  return files.map((f) => `${f.name} ${(f.data.length / 1024).toFixed(0)} KiB`).join(', ');
}

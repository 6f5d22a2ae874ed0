// `dpuforge lz4|gzip compress|decompress FILE [-o OUT]`: run a real file through the simulated engines, in the
// standard container formats, so the result interoperates with the lz4 and gzip tools:
//   lz4 compress     LZ4 frame (64 KiB independent blocks) from the LZ4 compressor engine
//   lz4 decompress   a file as `lz4 -d` reads it (frames one after another, skippable and legacy frames, linked
//                    blocks given their history), through the LZ4 decompressor engine
//   gzip compress    gzip members of up to 32 KiB each (concatenated, as gzip allows) from the deflate engine,
//                    stored raw where the engine's stream would not be smaller
//   gzip decompress  a gzip file (one or more members) through the inflate engine
// Every result is checked against the software reference before it is written.
import { readFileSync, writeFileSync } from 'node:fs';
import { SimulatedDeflater } from '../engines/deflate.js';
import { SimulatedInflater } from '../engines/inflate.js';
import { SimulatedLz4Compressor } from '../engines/lz4-compress.js';
import { SimulatedLz4Decompressor } from '../engines/lz4.js';
import { decodeLz4Frame, decodeLz4Stream, encodeLz4Frame, LZ4_HISTORY_BYTES, LZ4_LEGACY_BLOCK_MAX, type Lz4BlockBatchDecoder } from '../formats/lz4-frame.js';
import { deflateOrStored, gzipMember, gzipMembers } from '../formats/gzip.js';
import { inflateRaw, unwrapGzip, WrapperError } from '../ref/inflate.js';
import { lz4DecodeBlock } from '../ref/lz4.js';
import { parseArgs, UsageError } from './args.js';

export async function filesCommand(format: 'lz4' | 'gzip', argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const [action, input] = args.positionals;
  if (!action || !input || args.switches.has('help') || !['compress', 'decompress'].includes(action)) {
    console.log(`dpuforge ${format} compress|decompress FILE [-o OUT]   (through the simulated ${format === 'lz4' ? 'LZ4' : 'deflate/inflate'} engines)`);
    return args.switches.has('help') ? 0 : 2;
  }
  let data: Uint8Array;
  try {
    data = new Uint8Array(readFileSync(input));
  } catch (err) {
    throw new UsageError(`cannot read ${input}: ${(err as Error).message}`);
  }
  const suffix = format === 'lz4' ? '.lz4' : '.gz';
  const out = args.options.get('out') ?? (action === 'compress' ? input + suffix : input.endsWith(suffix) ? input.slice(0, -suffix.length) : input + '.out');
  const t0 = Date.now();
  let result: Uint8Array;
  let cycles = 0;
  if (format === 'lz4' && action === 'compress') {
    const e = await SimulatedLz4Compressor.createParallel({});
    result = encodeLz4Frame(data, (blocks) => { const r = e.compress(blocks); cycles = r.cycles; return r.blocks.map((b) => b.data); });
    e.close();
    if (Buffer.compare(decodeLz4Frame(result, (b, max) => b.map((x) => lz4DecodeBlock(x, { maxOutput: max, window: 65536 }))), data) !== 0) throw new UsageError('internal check failed: the frame does not decode to the input');
  } else if (format === 'lz4') {
    // the engine's output bound covers a legacy block (8 MiB) and a linked block with its 64 KiB of history
    const e = await SimulatedLz4Decompressor.create({ bytesPerCycle: 16, maxOutputBytes: LZ4_LEGACY_BLOCK_MAX + LZ4_HISTORY_BYTES });
    const viaEngine: Lz4BlockBatchDecoder = (blocks) => { const r = e.decompress(blocks); cycles += r.cycles; return r.results; };
    try {
      result = decodeLz4Stream(data, viaEngine);
    } finally {
      e.close();
    }
    const reference = decodeLz4Stream(data, (b, max) => b.map((x) => lz4DecodeBlock(x, { maxOutput: max, window: 65536 })));
    if (Buffer.compare(result, reference) !== 0) throw new UsageError('internal check failed: the engine and the TS reference decode the file differently');
  } else if (action === 'compress') {
    const e = await SimulatedDeflater.create({});
    const chunks = Array.from({ length: Math.max(1, Math.ceil(data.length / 32768)) }, (_, i) => data.subarray(i * 32768, (i + 1) * 32768));
    const run = e.deflate(chunks);
    e.close();
    cycles = run.cycles;
    result = Uint8Array.from(run.streams.flatMap((s, i) => [...gzipMember(deflateOrStored(s.data, chunks[i]).stream, chunks[i])]));
    for (const [i, m] of gzipMembers(result).entries()) {
      if (Buffer.compare(unwrapGzip(m, (raw) => inflateRaw(raw)), chunks[i]) !== 0) throw new UsageError('internal check failed: a gzip member does not inflate to its input');
    }
  } else {
    let members: Uint8Array[];
    try {
      members = gzipMembers(data);
    } catch (err) {
      if (err instanceof WrapperError) throw new UsageError(`${input}: ${err.message}`);
      throw err;
    }
    const e = await SimulatedInflater.create({ bytesPerCycle: 16 });
    const parts = members.map((m) => unwrapGzip(m, (raw) => { const r = e.inflate([raw]); cycles += r.cycles; return r.results[0]; }));
    e.close();
    result = Uint8Array.from(parts.flatMap((p) => [...p]));
  }
  writeFileSync(out, result);
  console.log(`${input} (${data.length} B) -> ${out} (${result.length} B): ${cycles} engine cycles, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}

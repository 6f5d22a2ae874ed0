// The trace readers: each format's unit conversions on hand-checked lines, malformed and truncated lines named
// by file, line and field (or skipped and counted), format detection, and a large trace read in bounded memory.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newStats, readTrace, type ReadTraceOptions } from '../../src/trace/read.js';
import type { TraceRecord } from '../../src/trace/record.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'traces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(text: string): string {
  const f = path.join(dir, `t${n++}.txt`);
  writeFileSync(f, text);
  return f;
}
async function read(f: string, options: ReadTraceOptions = {}) {
  const stats = newStats(f);
  const records: TraceRecord[] = [];
  for await (const r of readTrace(f, options, stats)) records.push(r);
  return { records, stats };
}

describe('trace readers: units', () => {
  it('Alibaba: bytes as they are, timestamps in microseconds from the first record', async () => {
    const text = '3,W,126703644672,4096,1577808000000005\n3,R,126703648768,8192,1577808000001234\n17,R,0,512,1577808002000005\n';
    const { records, stats } = await read(file(text));
    expect(stats.format).toBe('alibaba');
    expect([stats.bytesRead, stats.fileBytes]).toEqual([text.length, text.length]);
    expect(records).toEqual([
      { line: 1, device: '3', op: 'write', offset: 126703644672, length: 4096, timeUs: 0 },
      { line: 2, device: '3', op: 'read', offset: 126703648768, length: 8192, timeUs: 1229 },
      { line: 3, device: '17', op: 'read', offset: 0, length: 512, timeUs: 2_000_000 },
    ]);
  });

  it('MSR Cambridge: FILETIME ticks of 100 ns to microseconds, device hostname_disk, response time', async () => {
    // 128166372016382155 - 128166372003061629 = 13,320,526 ticks = 1,332,052.6 us
    const { records } = await read(file('128166372003061629,hm,1,Read,3154152448,4096,1409\r\n128166372016382155,hm,1,Write,3154156544,16384,15600\r\n'));
    expect(records).toEqual([
      { line: 1, device: 'hm_1', op: 'read', offset: 3154152448, length: 4096, timeUs: 0, responseUs: 140.9 },
      { line: 2, device: 'hm_1', op: 'write', offset: 3154156544, length: 16384, timeUs: 1_332_052.6, responseUs: 1560 },
    ]);
  });

  it('fio v2: reads and writes in bytes, waits advance the clock, file actions counted', async () => {
    const { records, stats } = await read(file('fio version 2 iolog\n/dev/sdb add\n/dev/sdb open\n/dev/sdb write 0 4096\n/dev/sdb wait 1500 0\n/dev/sdb read 8192 512\n/dev/sdb trim 0 4096\n/dev/sdb close\n'));
    expect(stats.format).toBe('fio');
    expect(records).toEqual([
      { line: 4, device: '/dev/sdb', op: 'write', offset: 0, length: 4096, timeUs: 0 },
      { line: 6, device: '/dev/sdb', op: 'read', offset: 8192, length: 512, timeUs: 1500 },
    ]);
    expect(stats.ignored).toEqual({ add: 1, open: 1, wait: 1, trim: 1, close: 1 });
  });

  it('fio v3: timestamps in microseconds, from the first read or write', async () => {
    const { records } = await read(file('fio version 3 iolog\n2 Nvme1n1 add\n872 Nvme1n1 open\n878 Nvme1n1 write 0 16384\n888 Nvme1n1 read 16384 4096\n10001677 Nvme1n1 close\n'));
    expect(records).toEqual([
      { line: 4, device: 'Nvme1n1', op: 'write', offset: 0, length: 16384, timeUs: 0 },
      { line: 5, device: 'Nvme1n1', op: 'read', offset: 16384, length: 4096, timeUs: 10 },
    ]);
  });
});

describe('trace readers: malformed input', () => {
  it.each([
    ['alibaba opcode', '0,R,0,4096,10\n0,X,0,4096,11\n', {}, ':2: field \'opcode\': \'X\' is not R or W'],
    ['alibaba offset', '0,R,abc,4096,10\n', {}, ':1: field \'offset\': \'abc\' is not a non-negative integer'],
    ['alibaba negative length', '0,R,0,-4,10\n', {}, ':1: field \'length\': \'-4\' is not a non-negative integer'],
    ['alibaba truncated last line', '0,R,0,4096,10\n0,W,40\n', { format: 'alibaba' }, ':2: field \'length\': is missing (the line has 3 fields; the format has device_id, opcode, offset, length, timestamp)'],
    ['alibaba extra field', '0,R,0,4096,10,9\n', { format: 'alibaba' }, ':1: field \'timestamp\': is followed by 1 more field(s): an Alibaba line has 5'],
    ['offset beyond 2^53', '0,R,99999999999999999999,4096,10\n', {}, ':1: field \'offset\': \'99999999999999999999\' is beyond 2^53'],
    ['msr type', '128166372003061629,hm,1,Flush,0,4096,1\n', {}, ':1: field \'Type\': \'Flush\' is not Read or Write'],
    ['msr out of time order', '128166372003061629,hm,1,Read,0,4096,1\n128166372003061628,hm,1,Read,0,4096,1\n', {}, ':2: field \'Timestamp\': 128166372003061628 is before the first record\'s 128166372003061629'],
    ['msr truncated', '128166372003061629,hm,1,Read,0,4096,1\n128166372003061630,hm,1,Re', { format: 'msr' }, ':2: field \'Offset\': is missing'],
    ['fio header', 'fio version 4 iolog\n', { format: 'fio' }, ':1: field \'header\': \'fio version 4 iolog\' is not \'fio version 2 iolog\' or \'fio version 3 iolog\''],
    ['fio action', 'fio version 2 iolog\n/dev/sdb erase 0 4096\n', {}, ':2: field \'action\': \'erase\' is not an iolog action'],
    ['fio v3 missing length', 'fio version 3 iolog\n5 f read 4096\n', {}, ':2: field \'length\': is missing'],
  ] as [string, string, ReadTraceOptions, string][])('%s: names file, line and field', async (_what, text, options, message) => {
    const f = file(text);
    await expect(read(f, options)).rejects.toThrow(`${f}${message}`);
  });

  it('skips and counts malformed lines with badLines: skip, keeping the first errors', async () => {
    const f = file('0,R,0,4096,10\n0,X,0,1,11\n0,W,8,4096,12\nbroken\n0,R,z,1,13\n0,R,4096,4096,14\n');
    const { records, stats } = await read(f, { badLines: 'skip' });
    expect(records.map((r) => r.line)).toEqual([1, 3, 6]);
    expect([stats.lines, stats.records, stats.skipped]).toEqual([6, 3, 3]);
    expect(stats.skippedErrors.map((e) => `${e.lineNo} ${e.field}`)).toEqual(["2 field 'opcode'", "4 field 'opcode'", "5 field 'offset'"]);
  });

  it('refuses an unknown format, an undetectable one, an empty file and a missing one by name', async () => {
    await expect(read(file('a,b,c\n'))).rejects.toThrow(/:1: cannot tell the trace format from the first line/);
    await expect(read(file('0,R,0,1,1\n'), { format: 'csv' as never })).rejects.toThrow("unknown trace format 'csv' (formats: alibaba, msr, fio, auto)");
    await expect(read(file('\n\n'))).rejects.toThrow(/: the trace is empty/);
    await expect(read(path.join(dir, 'nope.csv'))).rejects.toThrow(/cannot read trace .*nope\.csv: ENOENT/);
  });
});

describe('trace readers: bounded memory', () => {
  it('streams a 170 MB trace through `dpuforge trace stats` with a 40 MB heap, peak RSS well below the file', async () => {
    const { execFileSync } = await import('node:child_process');
    const { closeSync, openSync, statSync, writeSync } = await import('node:fs');
    const { projectRoot } = await import('../../src/util/paths.js');
    // the child runs the compiled CLI: it must be current (scripts/setup.sh builds it)
    const bin = path.join(projectRoot(), 'dist/src/cli/bin.js');
    for (const m of ['trace/read', 'trace/formats', 'cli/trace']) {
      expect(statSync(path.join(projectRoot(), `dist/src/${m}.js`)).mtimeMs, `dist/src/${m}.js is older than its source: run npm run build`)
        .toBeGreaterThanOrEqual(statSync(path.join(projectRoot(), `src/${m}.ts`)).mtimeMs);
    }
    const big = path.join(dir, 'big.csv');
    const fd = openSync(big, 'w');
    const lines = 4_500_000;
    let chunk = '';
    for (let i = 0; i < lines; i++) {
      chunk += `${i % 7},${i % 3 ? 'R' : 'W'},${(i * 4096) % 1e12},${4096 * (1 + (i % 4))},${1577808000000000 + i}\n`;
      if (chunk.length > 1 << 20) { writeSync(fd, chunk); chunk = ''; }
    }
    writeSync(fd, chunk);
    closeSync(fd);
    const size = statSync(big).size;
    expect(size).toBeGreaterThan(160e6);
    const out = execFileSync(process.execPath, ['--max-old-space-size=40', bin, 'trace', 'stats', big], { encoding: 'utf8' });
    expect(out).toMatch(new RegExp(`^ *${lines.toLocaleString('en-US')} +${(lines - lines / 3).toLocaleString('en-US')} +${(lines / 3).toLocaleString('en-US')} `, 'm'));
    const rss = Number(/peak RSS (\d+) MB/.exec(out)![1]);
    expect(rss * 1e6, `peak RSS ${rss} MB for a ${Math.round(size / 1e6)} MB trace`).toBeLessThan(size * 0.8);
  });
});

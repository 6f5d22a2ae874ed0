// The queue engine is a list of stages the datapath config decides: the default datapath's write and read paths,
// the encrypted datapath's, and a copy-only engine each get the stages their config names, in datapath order.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { datapathQueueParams, validateDatapathConfig } from '../../gen/datapath/config.js';
import { validateQueueParams } from '../../gen/queue/params.js';
import { queueStages } from '../../gen/queue/stages/index.js';
import { queueContext } from '../../gen/queue/stages/context.js';
import { projectRoot } from '../../src/util/paths.js';

const stagesOf = (raw: Record<string, unknown>) => queueStages(queueContext(validateQueueParams(raw))).map((s) => s.name);
const configFile = (f: string) => datapathQueueParams(validateDatapathConfig(JSON.parse(readFileSync(path.join(projectRoot(), f), 'utf8'))));

it('hw/datapath.json: CRC32C -> LZ4 -> EC 8+2 on the write path, EC reconstruct -> LZ4 decompress on the read path', () => {
  expect(stagesOf(configFile('hw/datapath.json'))).toEqual([
    'host', 'fetch', 'dispatch', 'gather', 'route', 'ec-reconstruct + lz4-decompress', 'crc32c', 'lz4-compress', 'output',
    'write-commands', 'output-pass', 'ec-encode', 'scatter', 'complete',
  ]);
});

it('hw/datapath-encrypted.json: keys, decrypt first on the read path, encrypt after the compressor', () => {
  expect(stagesOf(configFile('hw/datapath-encrypted.json'))).toEqual([
    'host', 'fetch', 'dispatch', 'keys', 'decrypt', 'route', 'lz4-decompress', 'crc32c', 'lz4-compress', 'output',
    'write-commands', 'encrypt', 'scatter-pass', 'scatter', 'complete',
  ]);
});

it('a copy engine has no datapath stage beyond the CRC; encrypt before compress sits with the compressor', () => {
  expect(stagesOf({ compression: 'none', decompression: 'none' })).toEqual([
    'host', 'fetch', 'dispatch', 'gather', 'route', 'crc-input', 'crc32c', 'output', 'write-commands', 'output-pass', 'scatter-pass', 'scatter', 'complete',
  ]);
  expect(stagesOf({ encryption: 'encrypt', encryptAt: 'before-compress', decompression: 'none' })).toContain('encrypt + lz4-compress');
});

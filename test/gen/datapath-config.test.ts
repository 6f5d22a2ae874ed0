// The datapath config: the default file generates the checked-in datapath; bad configs (unknown fields and
// stages, stages not built yet, wrong order, out-of-range numbers) are refused with a message naming the field.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { datapathQueueParams, validateDatapathConfig } from '../../gen/datapath/config.js';
import { DEFAULT_DATAPATH_FILE, defaultDesigns } from '../../gen/defaults.js';
import { queueGenerator } from '../../gen/queue/queue.js';
import { projectRoot } from '../../src/util/paths.js';

describe('datapath config', () => {
  it('the default config file describes the checked-in default datapath', () => {
    const raw: unknown = JSON.parse(readFileSync(path.join(projectRoot(), DEFAULT_DATAPATH_FILE), 'utf8'));
    const c = validateDatapathConfig(raw);
    expect(c.writePath).toEqual(['crc32c', 'lz4-compress']);
    const design = queueGenerator.emit(datapathQueueParams(c));
    expect(defaultDesigns().some((d) => d.top === design.top && d.files[0].content === design.files[0].content)).toBe(true);
    // omitted fields take the defaults; a write path without compression gives an engine without it
    expect(datapathQueueParams(validateDatapathConfig({})).compression).toBe('lz4');
    expect(datapathQueueParams(validateDatapathConfig({ writePath: ['crc32c'] })).compression).toBe('none');
  });

  it.each([
    ['not an object', [], "datapath config: parameter '(top level)' must be a JSON object"],
    ['unknown field', { queus: 4 }, "parameter 'queus' is not a field (fields: queues, dataBytes, maxRequests, arbitration, dma, writePath, readPath)"],
    ['unknown dma field', { dma: { bursts: 4 } }, "parameter 'dma.bursts' is not a field"],
    ['stage not built yet', { writePath: ['crc32c', 'lz4-compress', 'ec-encode'] }, "parameter 'writePath[2]' = 'ec-encode': this stage is not available in the generated datapath yet (available: crc32c, lz4-compress)"],
    ['read stage not built yet', { readPath: ['ec-reconstruct'] }, "parameter 'readPath[0]' = 'ec-reconstruct': this stage is not available in the generated datapath yet (available: lz4-decompress, crc32c-verify)"],
    ['unknown stage', { writePath: ['crc32c', 'zip'] }, "parameter 'writePath[1]' = 'zip' is not a stage (known: crc32c, lz4-compress, ec-encode, encrypt, deflate-compress)"],
    ['stage twice', { writePath: ['crc32c', 'crc32c'] }, "parameter 'writePath' names a stage twice"],
    ['checksum not first', { writePath: ['lz4-compress', 'crc32c'] }, "parameter 'writePath' must start with 'crc32c'"],
    ['stages not a list', { writePath: 'crc32c' }, "parameter 'writePath' must be a list of stage names"],
    ['queues out of range', { queues: 0 }, "gen/queue: parameter 'queues' = 0"],
    ['compression too wide', { dataBytes: 64 }, "'lz4' needs dataBytes <= 32"],
  ])('refuses %s', (_what, raw, message) => {
    expect(() => validateDatapathConfig(raw)).toThrow(message);
  });
});

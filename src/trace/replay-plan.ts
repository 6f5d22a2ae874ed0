// The replay's planner: which read and write paths a datapath offers a replay (refusing one it cannot replay),
// and each trace record turned into its unit requests — device queue, request, source bytes, the software
// pipeline's outcome, arrival cycle — from the block store. Pure: nothing here touches the simulation.
import { queueHasEncode, queueHasReconstruct, QUEUE_OPCODES, type QueueParams } from '../spec/queue.js';
import { xtsKeyBytes } from '../../gen/xts/params.js';
import { fragmentLength, headerBytes, reconstructInput, stripeEncode } from '../ref/ec-stripe.js';
import { padded16, runRequest, type CryptContext, type PipelineStages, type QueueOutcome, type QueueRequest } from '../ref/queue-pipeline.js';
import { catalogueModel, crc } from '../ref/crc.js';
import { Rng } from '../util/rng.js';
import { deviceQueues } from './device-queues.js';
import type { BlockStore } from './block-store.js';
import type { TraceRecord } from './record.js';
import { ReplayError } from './replay-error.js';

/** How units travel through the datapath: which stages a write and a read use, and the bytes their segments take. */
export interface ReplayPaths {
  unitBytes: number;
  /** Writes compress (LZ4), reads decompress. */
  compress: boolean;
  /** Writes are erasure coded (EC encode behind compression). */
  encode: boolean;
  /** Reads can rebuild lost fragments (EC reconstruct behind compression). */
  rebuild: boolean;
  /** Both XTS stages: writes encrypted (after compression), reads decrypted. */
  encrypt: boolean;
  /** Fragments each read loses. */
  lose: number;
  ecK: number;
  ecM: number;
  /** LZ4's worst case for a unit, in whole AES blocks. */
  blockBound: number;
  /** A stripe of the worst-case block. */
  stripeBytes: number;
  /** Host memory a request's source and destination segments need at most. */
  sourceBytes: number;
  destinationBytes: number;
}

/** The paths a replay of `unitBytes` units losing `lose` fragments per read takes; a ReplayError if there are none. */
export function replayPathsFor(params: QueueParams, unitBytes: number, lose: number): ReplayPaths {
  const U = unitBytes;
  if (!Number.isInteger(U) || U % 512 !== 0 || U < 512 || U > 65536) throw new ReplayError(`unit of ${U} bytes: expected a multiple of 512 in 512..65536 (the compression stage's block size)`);
  const compress = params.compression === 'lz4';
  const encode = queueHasEncode(params) && compress;
  const rebuild = queueHasReconstruct(params) && encode;
  if (lose > 0 && !rebuild) throw new ReplayError(`--lose ${lose}: the datapath has no EC reconstruct stage behind compression to rebuild lost fragments`);
  if (lose > params.ecM) throw new ReplayError(`--lose ${lose}: an ${params.ecK}+${params.ecM} stripe survives at most ${params.ecM} lost fragments`);
  if (compress && params.decompression !== 'lz4') throw new ReplayError('the datapath compresses writes but has no decompression stage to read them back');
  if (params.encryption === 'encrypt') throw new ReplayError('the datapath encrypts writes but has no decrypt stage to read them back');
  if (params.encryptAt === 'before-compress') throw new ReplayError('the datapath encrypts before it compresses: reading a block back takes two requests (decompress, then decrypt), which the replay does not issue; replay a datapath that compresses first');
  // both XTS stages: writes are encrypted (after compression), reads decrypted; a decrypting read does not reconstruct
  const encrypt = params.encryption === 'both';
  if (encrypt && lose > 0) throw new ReplayError(`--lose ${lose}: the read path decrypts what it gathers, before it could rebuild lost fragments, so an encrypting datapath reads whole stripes (--lose 0)`);
  const { ecK: K, ecM: M } = params;
  const blockBound = padded16(U + Math.ceil(U / 255) + 16);
  const stripeBytes = (K + M) * fragmentLength(blockBound, K);
  const sourceBytes = Math.max(U, rebuild ? headerBytes(K, M) + K * fragmentLength(blockBound, K) : 0, compress ? blockBound : 0);
  const destinationBytes = Math.max(U, encode ? stripeBytes : compress ? blockBound : 0);
  return { unitBytes: U, compress, encode, rebuild, encrypt, lose, ecK: K, ecM: M, blockBound, stripeBytes, sourceBytes, destinationBytes };
}

/** The volume keys of an encrypting replay, one per key slot (trace device i uses slot i mod slots). */
export function volumeKeys(params: QueueParams, seed: number): Uint8Array[] {
  const keyRng = new Rng(seed * 7919 + 1);
  return Array.from({ length: params.xtsKeySlots }, () => { const k = keyRng.bytes(xtsKeyBytes({ keyBits: params.xtsKeyBits })); k[k.length / 2] = k[0] ^ 1; return k; });
}

/** One trace I/O and the unit requests it became (none for an I/O of no bytes). */
export interface PlannedIo {
  record: TraceRecord;
  /** Arrival cycle at the replay's clock (-1: untimed, as fast as the rings take). */
  arrival: number;
  units: UnitRequest[];
}

/** One device request: a whole unit written (read-modify-write) or read back through the read path. */
export interface UnitRequest {
  io: PlannedIo;
  kind: 'read' | 'write';
  unit: number;
  queue: number;
  /** The request, its segments at address 0 (the session places them in host memory). */
  request: QueueRequest;
  /** The software pipeline's outcome of the request. */
  want: QueueOutcome;
  /** The plain unit the request moves (checked against the destination for reads). */
  plain: Uint8Array;
  /** What the request's source segment holds: the unit, its LZ4 block, or a stripe header and survivors. */
  source: Uint8Array;
  arrival: number;
  /** A read that rebuilds lost fragments. */
  degraded: boolean;
}

const CRC32C = catalogueModel('crc32c')!;

/** Trace records -> unit requests, in trace order; the store changes at once for a write (later reads see it). */
export class ReplayPlanner {
  private readonly rng: Rng;
  private readonly queueOf: (device: string) => number;
  private readonly volumeOf = new Map<string, number>();
  /** XTS data units: 4 KiB, or 512 B when the unit is smaller. */
  private readonly dataUnitLog2: number;

  constructor(
    private readonly params: QueueParams,
    private readonly paths: ReplayPaths,
    /** The software pipeline, with the keys the device holds. */
    private readonly stages: PipelineStages,
    private readonly store: BlockStore,
    /** The seed of the replay's choices (which fragments a read loses) and the clock arrivals are counted at. */
    private readonly options: { seed: number; clockMhz?: number },
  ) {
    this.rng = new Rng(options.seed);
    this.queueOf = deviceQueues(params.queues);
    this.dataUnitLog2 = paths.unitBytes % 4096 === 0 ? 12 : 9;
  }

  plan(record: TraceRecord): PlannedIo {
    const arrival = this.options.clockMhz ? Math.round(record.timeUs * this.options.clockMhz) : -1;
    const io: PlannedIo = { record, arrival, units: [] };
    if (record.length === 0) return io;
    if (record.op === 'write') this.store.write(record.device, record.offset, record.length);
    for (const unit of this.store.unitsOf(record.offset, record.length)) io.units.push(this.unitRequest(io, unit));
    return io;
  }

  /** The XTS context of a unit: its volume's slot, its data unit size, its first sector. */
  private cryptOf(device: string, unit: number): CryptContext {
    if (!this.volumeOf.has(device)) this.volumeOf.set(device, this.volumeOf.size);
    const U = this.paths.unitBytes;
    return { slot: this.volumeOf.get(device)! % this.params.xtsKeySlots, dataUnitLog2: this.dataUnitLog2, dataUnit: BigInt(unit) * BigInt(U / 2 ** this.dataUnitLog2) };
  }

  private unitRequest(io: PlannedIo, unit: number): UnitRequest {
    const { record, arrival } = io;
    const { unitBytes: U, compress, encode, rebuild, encrypt, lose, ecK: K, ecM: M } = this.paths;
    const stages = this.stages;
    const plain = this.store.unit(record.device, unit);
    const kind = record.op;
    let request: QueueRequest;
    let source: Uint8Array;
    let degraded = false;
    const crypt = encrypt ? this.cryptOf(record.device, unit) : undefined;
    if (kind === 'write') {
      source = plain;
      request = {
        opcode: compress ? QUEUE_OPCODES.compress : QUEUE_OPCODES.copy, cid: 0, src: [{ addr: 0, length: U }],
        dst: [{ addr: 0, length: encode ? this.paths.stripeBytes : compress ? this.paths.blockBound : U }], erasureCoded: encode, ...(crypt ? { crypt: { ...crypt, encrypt: true } } : {}),
      };
    } else if (crypt) {
      // what the write stored: the (compressed) unit, encrypted; a stripe read with nothing lost: its first bytes
      const payload = compress ? stages.compress!(plain) : plain;
      source = stages.encrypt!(payload, crypt).output;
      request = {
        opcode: compress ? QUEUE_OPCODES.decompress : QUEUE_OPCODES.copy, cid: 0, src: [{ addr: 0, length: source.length }], dst: [{ addr: 0, length: U }],
        crypt: { ...crypt, decrypt: true, payloadBytes: payload.length },
      };
    } else if (compress) {
      const block = stages.compress!(plain);
      if (rebuild && lose > 0) {
        const lost = new Set<number>();
        while (lost.size < lose) lost.add(this.rng.int(0, K + M - 1));
        source = reconstructInput(stripeEncode(block, K, M), block.length, K, M, [...lost]);
        degraded = true;
      } else {
        source = block; // a stripe read with nothing lost: its first n bytes are the block
      }
      request = { opcode: QUEUE_OPCODES.decompress, cid: 0, src: [{ addr: 0, length: source.length }], dst: [{ addr: 0, length: U }], erasureCoded: rebuild && lose > 0 };
    } else {
      source = plain;
      request = { opcode: QUEUE_OPCODES.copy, cid: 0, src: [{ addr: 0, length: U }], dst: [{ addr: 0, length: U }] };
    }
    // a read verifies the data against the CRC32C of what was written (the CRC the write reported)
    if (kind === 'read') request.verifyCrc = Number(crc(CRC32C, plain));
    const want = runRequest(request, (_a, n) => source.subarray(0, n), () => true, stages);
    if (want.status !== 0) throw new ReplayError(`the software pipeline refuses its own ${kind} of unit ${unit} of ${record.device} (status ${want.status}): a replay bug`);
    return { io, kind, unit, queue: this.queueOf(record.device), request, want, plain, source, arrival, degraded };
  }
}

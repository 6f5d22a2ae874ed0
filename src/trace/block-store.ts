// The backing store a replay models: for every sector a trace wrote, the version of its last write (each
// write gets a new version), so the data of any range is regenerated from the payload source: what a read
// returns is exactly what was last written there (version 0 where the trace never wrote: the data the device
// held before). Kept per device in units, 4 bytes per sector.
import { SECTOR_BYTES, type PayloadSource } from './payload.js';

export class BlockStore {
  private readonly versions = new Map<string, Map<number, Uint32Array>>();
  private lastVersion = 0;

  constructor(readonly unitBytes: number, readonly payload: PayloadSource) {
    if (unitBytes % SECTOR_BYTES !== 0 || unitBytes <= 0) throw new Error(`unit of ${unitBytes} bytes is not a whole number of ${SECTOR_BYTES}-byte sectors`);
  }

  private get sectorsPerUnit(): number {
    return this.unitBytes / SECTOR_BYTES;
  }

  private unitVersions(device: string, unit: number, create: boolean): Uint32Array | undefined {
    let dev = this.versions.get(device);
    if (!dev) {
      if (!create) return undefined;
      dev = new Map();
      this.versions.set(device, dev);
    }
    let v = dev.get(unit);
    if (!v && create) {
      v = new Uint32Array(this.sectorsPerUnit);
      dev.set(unit, v);
    }
    return v;
  }

  /** A write of [offset, offset+length): its sectors (widened to whole sectors) get a new version. */
  write(device: string, offset: number, length: number): void {
    const version = ++this.lastVersion;
    const first = Math.floor(offset / SECTOR_BYTES);
    const end = Math.ceil((offset + length) / SECTOR_BYTES);
    for (let s = first; s < end; s++) {
      const unit = Math.floor(s / this.sectorsPerUnit);
      this.unitVersions(device, unit, true)![s - unit * this.sectorsPerUnit] = version;
    }
  }

  /** The current content of a whole unit. */
  unit(device: string, unit: number): Uint8Array {
    const v = this.unitVersions(device, unit, false);
    const out = new Uint8Array(this.unitBytes);
    const base = unit * this.sectorsPerUnit;
    for (let i = 0; i < this.sectorsPerUnit; i++) out.set(this.payload.sector(device, base + i, v ? v[i] : 0), i * SECTOR_BYTES);
    return out;
  }

  /** Units a range touches. */
  unitsOf(offset: number, length: number): number[] {
    return unitsTouched(this.unitBytes, offset, length);
  }

  /** Sectors with a version (written by the trace). */
  get writtenSectors(): number {
    let n = 0;
    for (const dev of this.versions.values()) for (const v of dev.values()) for (const x of v) if (x) n++;
    return n;
  }
}

/** The units of `unitBytes` an I/O of `length` bytes at `offset` touches (at least the one at its offset). */
export function unitsTouched(unitBytes: number, offset: number, length: number): number[] {
  const first = Math.floor(offset / unitBytes);
  const last = Math.floor((offset + Math.max(length, 1) - 1) / unitBytes);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

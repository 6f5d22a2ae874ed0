// Content-addressed build cache: a build is keyed by a hash of everything that affects it and produced in a
// private temporary directory, then renamed into place atomically. Several processes (test workers) that ask
// for the same key at once each build privately; the first rename wins and the others discard their copy.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheRoot } from './paths.js';

export function contentHash(parts: readonly (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(String(typeof p === 'string' ? p.length : p.byteLength));
    h.update(':');
    h.update(p);
  }
  return h.digest('hex').slice(0, 24);
}

/**
 * Return the directory for `key` under cache/`kind`, building it with `build(tmpDir)` when absent.
 * `build` must leave a complete result in tmpDir; a marker file makes half-written directories impossible
 * to mistake for finished ones.
 */
export async function cachedBuild(kind: string, key: string, build: (tmpDir: string) => Promise<void>): Promise<string> {
  const base = path.join(cacheRoot(), kind);
  const final = path.join(base, key);
  const marker = path.join(final, '.complete');
  if (existsSync(marker)) return final;
  mkdirSync(base, { recursive: true });
  const tmp = mkdtempSync(path.join(base, `.tmp-${key}-`));
  try {
    await build(tmp);
    // The marker goes in before the rename, so the final directory is complete from its first instant.
    writeFileSync(path.join(tmp, '.complete'), new Date().toISOString() + '\n');
    // A directory without a marker can only be debris of a crashed older layout: clear it.
    if (existsSync(final) && !existsSync(marker)) rmSync(final, { recursive: true, force: true });
    try {
      renameSync(tmp, final);
    } catch (err) {
      // Another worker renamed its copy first (ENOTEMPTY/EEXIST): use theirs.
      if (!existsSync(marker)) throw err;
      rmSync(tmp, { recursive: true, force: true });
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return final;
}

// Project paths: the repository root (found from this file, whether run from src/ or dist/) and the cache
// directory for built simulation models and native helpers.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The directory holding dpuforge's package.json. */
export function projectRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('dpuforge: cannot find the project root (package.json) above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  root = dir;
  return dir;
}

/** Where built models and helpers are cached: $DPUFORGE_CACHE, else <root>/.cache. */
export function cacheRoot(): string {
  return process.env.DPUFORGE_CACHE ?? path.join(projectRoot(), '.cache');
}

// The checked-in RTL under hw/generated must equal what the generators emit now; regenerate with
// `npm run dpuforge -- gen --defaults` when this fails.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { GENERATED_DIR, generatedDirFiles } from '../../gen/defaults.js';
import { projectRoot } from '../../src/util/paths.js';

it('hw/generated holds exactly the current output for every default configuration', () => {
  const dir = path.join(projectRoot(), GENERATED_DIR);
  const expected = new Map(generatedDirFiles().map((f) => [f.name, f.content] as const));
  for (const [name, content] of expected) {
    const file = path.join(dir, name);
    expect(existsSync(file), `${GENERATED_DIR}/${name} is missing: run npm run dpuforge -- gen --defaults`).toBe(true);
    expect(readFileSync(file, 'utf8') === content, `${GENERATED_DIR}/${name} is stale: run npm run dpuforge -- gen --defaults`).toBe(true);
  }
  const extra = readdirSync(dir).filter((f) => /\.(v|f|core)$/.test(f) && !expected.has(f));
  expect(extra, 'files in hw/generated that no default configuration produces').toEqual([]);
});

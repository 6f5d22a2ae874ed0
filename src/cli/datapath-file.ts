// The datapath config file a command names (default hw/datapath.json): read, parsed and checked once, with an
// unreadable or malformed file named in one line, and the config's warnings (a costly stage order) on stderr.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateDatapathConfig, type DatapathConfig } from '../../gen/datapath/config.js';
import { DEFAULT_DATAPATH_FILE } from '../../gen/defaults.js';
import { projectRoot } from '../util/paths.js';
import { UsageError } from './args.js';

export function readDatapathFile(file = path.join(projectRoot(), DEFAULT_DATAPATH_FILE)): { file: string; config: DatapathConfig } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`datapath config ${file}: ${(err as Error).message}`);
  }
  const config = validateDatapathConfig(raw);
  for (const w of config.warnings) console.error(`dpuforge: warning: datapath config ${file}: ${w}`);
  return { file, config };
}

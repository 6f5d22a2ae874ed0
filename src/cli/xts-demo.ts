// The demo's encryption table: the data set as 512-byte sectors of a volume (each message padded with zeros to
// whole 16-byte blocks, its first sector numbered by its offset) through the default AES-XTS engine
// (XTS-AES-256, 64 bytes per cycle), checked equal to OpenSSL and to the TS reference, and decrypted back by
// OpenSSL. The demo key comes from a seeded generator and is never printed.
import { demoMessages } from '../data/demo-set.js';
import { SimulatedXts } from '../engines/xts.js';
import { opensslXts } from '../oracle/openssl.js';
import { xtsEncrypt } from '../ref/xts.js';
import { formatTable } from '../report/table.js';
import { Rng } from '../util/rng.js';

const SECTOR = 512;

export async function xtsDemo(messages: ReturnType<typeof demoMessages>, problems: string[]): Promise<void> {
  const t0 = Date.now();
  const engine = await SimulatedXts.create({});
  try {
    const key = new Rng(2026).bytes(64);
    const loaded = engine.loadKeys([{ slot: 0, key }]).statuses[0];
    if (loaded !== 0) problems.push(`${engine.design.top}: the demo key was refused (status ${loaded})`);
    let sector = 0n;
    const requests = messages.map((m) => {
      const data = new Uint8Array(Math.ceil(m.data.length / 16) * 16);
      data.set(m.data);
      const q = { slot: 0, dataUnitBytes: SECTOR, firstDataUnit: sector, data };
      sector += BigInt(Math.ceil(data.length / SECTOR));
      return q;
    });
    const run = engine.run(requests);
    let refBad = -1, opensslBad = -1, backBad = -1;
    requests.forEach((q, i) => {
      const out = run.results[i].output;
      if (refBad < 0 && (run.results[i].status !== 0 || Buffer.compare(out, xtsEncrypt(key, q.firstDataUnit, SECTOR, q.data)) !== 0)) refBad = i;
      if (q.data.length && opensslBad < 0 && Buffer.compare(out, opensslXts('encrypt', key, q.firstDataUnit, SECTOR, q.data)) !== 0) opensslBad = i;
      if (q.data.length && backBad < 0 && Buffer.compare(opensslXts('decrypt', key, q.firstDataUnit, SECTOR, out), q.data) !== 0) backBad = i;
    });
    if (refBad >= 0) problems.push(`${engine.design.top}: request ${refBad} differs from the TS reference`);
    if (opensslBad >= 0) problems.push(`${engine.design.top}: request ${opensslBad} differs from OpenSSL`);
    if (backBad >= 0) problems.push(`${engine.design.top}: OpenSSL does not decrypt request ${backBad} back to its input`);
    const ok = refBad < 0 && opensslBad < 0 && backBad < 0;
    console.log('\nAES-XTS encryption: each message as 512-byte sectors of a volume (zero padded to 16-byte blocks), XTS-AES-256');
    console.log(formatTable(['variant', 'requests', 'sectors', 'bytes', 'cycles', 'bytes/cycle', 'vs TS ref', 'vs OpenSSL', 'OpenSSL decrypts', 'result', 'wall (build+sim)'], [[
      engine.design.top, requests.length, Number(sector), run.inputBytes, run.cycles, run.inputBytes / run.cycles,
      refBad < 0 ? 'equal' : 'MISMATCH', opensslBad < 0 ? 'equal' : 'MISMATCH', backBad < 0 ? 'yes' : 'NO', ok ? 'PASS' : 'FAIL', `${((Date.now() - t0) / 1000).toFixed(1)} s`]]));
  } finally {
    engine.close();
  }
}

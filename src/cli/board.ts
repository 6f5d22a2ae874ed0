// `dpuforge board build [-o DIR]`: the iCE40-HX8K breakout bitstream of the board top (CRC32C + EC + LZ4
// decompress behind a UART). `dpuforge board run --port /dev/ttyUSB1`: a self-check of a programmed board
// through the same host code the simulated board is tested with. `dpuforge board sim`: that self-check on the
// simulated board top.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { boardGenerator } from '../../gen/board/board.js';
import { buildBoard } from '../board/build.js';
import { BoardHost, type BoardLink } from '../board/host.js';
import { SerialPortLink } from '../board/serial-port.js';
import { SimulatedBoardLink } from '../board/sim-board.js';
import { catalogueModel, crc } from '../ref/crc.js';
import { ReedSolomon } from '../ref/ec.js';
import { lz4DecodeBlock } from '../ref/lz4.js';
import { lz4DesignCompress } from '../ref/lz4-compress.js';
import { designOf } from '../../gen/lz4/compress-params.js';
import { Rng } from '../util/rng.js';
import { parseArgs, UsageError } from './args.js';

const HELP = `dpuforge board build [-o DIR]          bitstream for the iCE40-HX8K breakout (hw/board/hx8k-breakout.pcf)
dpuforge board run --port /dev/ttyUSB1   self-check a programmed board over its UART
dpuforge board sim                       the same self-check on the simulated board top`;

export async function boardCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const [sub] = args.positionals;
  if (args.switches.has('help') || !sub) { console.log(HELP); return sub ? 0 : 2; }
  if (sub === 'build') {
    const dir = args.options.get('out') ?? 'out/board';
    const b = await buildBoard();
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${b.top}.bin`);
    writeFileSync(file, b.bitstream);
    console.log(`${b.top}: ${Object.entries(b.pnr.utilization).filter(([, u]) => u.used).map(([k, u]) => `${k} ${u.used}/${u.available}`).join(', ')}; Fmax ${b.pnr.fmaxMhz.clk?.toFixed(1)} MHz (board clock ${b.params.clockHz / 1e6} MHz)`);
    console.log(`wrote ${file} (${b.bitstream.length} bytes); program it with iceprog ${file}`);
    return 0;
  }
  if (sub === 'run' || sub === 'sim') {
    const params = boardGenerator.validate({});
    let link: BoardLink & { close(): void };
    if (sub === 'run') {
      const port = args.options.get('port');
      if (!port) throw new UsageError('board run needs --port (e.g. /dev/ttyUSB1)');
      link = await SerialPortLink.open(port, params.baud);
    } else {
      link = await SimulatedBoardLink.create();
    }
    try {
      return await selfCheck(new BoardHost(link, params.ecK, params.ecM));
    } finally {
      link.close();
    }
  }
  throw new UsageError(`board: unknown subcommand '${sub}'\n\n${HELP}`);
}

/** Each command on random data against the reference kernels; prints one line per check. */
async function selfCheck(host: BoardHost): Promise<number> {
  const rng = new Rng(Date.now() & 0xffff);
  let failed = 0;
  const check = (what: string, ok: boolean) => { console.log(`${ok ? 'ok  ' : 'FAIL'}  ${what}`); if (!ok) failed++; };
  const data = rng.bytes(rng.int(1, 1000));
  check(`CRC32C of ${data.length} bytes`, (await host.crc32c(data)) === Number(crc(catalogueModel('crc32c')!, data)));
  const frags = Array.from({ length: host.ecK }, () => rng.bytes(64));
  const parity = await host.ecEncode(frags);
  check(`EC ${host.ecK}+${host.ecM} parity of ${host.ecK} x 64 bytes`, parity.every((p, i) => Buffer.from(p).equals(Buffer.from(new ReedSolomon(host.ecK, host.ecM, 'cauchy').encode(frags)[i]))));
  const text = new TextEncoder().encode(`dpuforge board self-check ${rng.int(0, 1e9)} `.repeat(20));
  const block = lz4DesignCompress(designOf({ lanes: 4, hashBits: 8, hashBanks: 4, windowBytes: 1024, backwardBytes: 0, historyMemory: 'registers' }), text);
  const r = await host.lz4Decompress(block);
  const want = lz4DecodeBlock(block, { maxOutput: 2048, window: 1024 });
  check(`LZ4 decode of a ${block.length}-byte block to ${text.length} bytes`, r.error === want.error && Buffer.from(r.output).equals(Buffer.from(want.output)));
  return failed ? 1 : 0;
}

// dpuforge command line: thin dispatch to the commands in src/cli/. Errors the user can fix (bad parameters,
// bad stimulus files, stuck designs, build failures) print one clear message and exit 1, no stack trace.
import { ParamError } from '../../gen/core/params.js';
import { UnknownEngineError } from '../../gen/index.js';
import { SimStallError } from '../../sim/model.js';
import { StimulusError } from '../../sim/stimulus.js';
import { BuildError } from '../../sim/verilator-build.js';
import { prepareOracle } from '../oracle/isal.js';
import { UsageError } from './args.js';
import { demoCommand } from './demo.js';
import { genCommand } from './gen.js';
import { lintCommand } from './lint.js';
import { simCommand } from './sim.js';
import { filesCommand } from './files.js';
import { datapathCommand } from './datapath.js';
import { traceCommand } from './trace.js';
import { replayCommand } from './replay.js';
import { synthCommand } from './synth.js';
import { vivadoCommand } from './vivado.js';
import { boardCommand } from './board.js';
import { studyCommand } from './study.js';
import { fuzzCommand } from './fuzz.js';
import { formalCommand } from './formal.js';
import { StudyParamError } from '../study/params.js';
import { EngineRatesError } from '../runtime/engine-rates.js';
import { PlatformError } from '../runtime/platform.js';
import { BoardProtocolError } from '../board/protocol.js';
import { SynthError } from '../synth/yosys.js';
import { ReplayError } from '../trace/replay.js';
import { TraceFormatError } from '../trace/record.js';
import { TraceReadError } from '../trace/read.js';
import { Lz4FrameError } from '../formats/lz4-frame.js';
import { WrapperError } from '../ref/inflate.js';
import { FormalError } from '../../sim/formal.js';

const USAGE = `dpuforge: FPGA/HDL co-design toolchain for storage DPUs

  dpuforge demo                          the main job: default engines on the built-in data set, checked bit-exact
  dpuforge gen <engine> [params] -o DIR  generate Verilog (dpuforge gen crc --help lists parameters)
  dpuforge gen --defaults                regenerate the checked-in default RTL under hw/generated
  dpuforge datapath [CONFIG] [-o DIR]    the datapath a config file describes (default hw/datapath.json)
  dpuforge sim <engine> [params] --stim FILE   simulate a stimulus file on Verilator
  dpuforge trace stats TRACE             a block trace's shape (Alibaba, MSR Cambridge, fio iolog), streamed
  dpuforge trace samples                 rewrite the sample traces under traces/ from their seeded generator
  dpuforge replay TRACE [--datapath CONFIG]    a block trace through the simulated datapath, checked bit-exact
  dpuforge lint [<engine> [params]]      verilator --lint-only -Wall on generated designs
  dpuforge synth <engine> [params] --target generic|xilinx|ice40   Yosys (and nextpnr) resources and Fmax
  dpuforge vivado [CONFIG] -o DIR        Vivado non-project TCL + XDC for a datapath on an Alveo U250 / VCU118
  dpuforge board build|run|sim           iCE40-HX8K breakout bitstream; self-check a real or simulated board
  dpuforge study [-o DIR]                the architecture study (engines vs ARM cores vs host) -> docs/study/
  dpuforge lz4 compress|decompress FILE [-o OUT]    a file through the LZ4 engines (LZ4 frame format)
  dpuforge gzip compress|decompress FILE [-o OUT]   a file through the deflate/inflate engines (gzip format)
  dpuforge fuzz --engine lz4-decompress|inflate --seconds N   libFuzzer on an engine against liblz4 / zlib
  dpuforge formal [NAME...] [--depth N]   bounded proofs of the handshake rules on each generator's small config
  dpuforge prepare                       build the native oracle helper (done by scripts/setup.sh)`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'demo': return demoCommand();
    case 'gen': return genCommand(rest);
    case 'sim': return simCommand(rest);
    case 'lint': return lintCommand(rest);
    case 'datapath': return datapathCommand(rest);
    case 'trace': return traceCommand(rest);
    case 'replay': return replayCommand(rest);
    case 'synth': return synthCommand(rest);
    case 'vivado': return vivadoCommand(rest);
    case 'board': return boardCommand(rest);
    case 'study': return studyCommand(rest);
    case 'fuzz': return fuzzCommand(rest);
    case 'formal': return formalCommand(rest);
    case 'lz4': return filesCommand('lz4', rest);
    case 'gzip': return filesCommand('gzip', rest);
    case 'prepare': await prepareOracle(); console.log('oracle helper ready'); return 0;
    case undefined: case 'help': case '--help': case '-h': console.log(USAGE); return cmd === undefined ? 2 : 0;
    default: throw new UsageError(`unknown command '${cmd}'\n\n${USAGE}`);
  }
}

const USER_ERRORS = [ParamError, UsageError, StimulusError, SimStallError, BuildError, UnknownEngineError, TraceFormatError, TraceReadError, ReplayError, SynthError, BoardProtocolError, StudyParamError, EngineRatesError, PlatformError, Lz4FrameError, WrapperError, FormalError];

/** Run a dpuforge command; returns the exit code. User errors print one line, not a stack trace. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (err) {
    if (USER_ERRORS.some((k) => err instanceof k)) console.error(`dpuforge: ${(err as Error).message}`);
    else console.error(err);
    return 1;
  }
}

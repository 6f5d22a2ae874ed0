// AES-XTS engine generator (IEEE 1619): encrypts or decrypts requests of whole data units with per-volume keys
// held in key slots. Its output equals src/ref/xts.ts xtsEncrypt / xtsDecrypt (and OpenSSL's aes-*-xts).
//
//   keys      k_axis (never traced): Key1 || Key2 for a slot; expanded once, one round key per cycle, into
//             per-round key memories (data key and tweak key), after the data path has drained. ks_axis answers.
//   requests  s_axis: a packet of data, its first beat's tuser naming the key slot, the data-unit size and the
//             first data unit's number. Each beat becomes a token; a data unit starts on a beat boundary.
//   tweak     unrolled: each token passes an AES-encrypt pipeline with the tweak key (the data unit's number in,
//             T0 out) as it waits; iterative: the round unit computes T0 first when a data unit starts.
//   data      lane l of a beat: C = E_K1(P ^ T) ^ T with T = T0 * alpha^(j+l), j the beat's first block in its
//             unit; unrolled: one pipeline stage per round, a beat per cycle; iterative: a round per cycle.
//   out       an output FIFO; a token enters the data path only when the FIFO has room for everything in flight,
//             so the pipeline never stalls and backpressure never drops a beat.
import { canonicalParams, flagName } from '../core/params.js';
import type { Generator } from '../core/generator.js';
import type { DesignPorts, GeneratedDesign } from '../core/design.js';
import { bitsFor, FILE_FOOTER, fileHeader, hex, modulePortList, verilogFile } from '../core/verilog.js';
import { fragment as fifo } from '../core/emit.js';
import { aesFunctions, rcon } from './aes-verilog.js';
import {
  aesRounds, validateXtsParams, XTS_GENERATOR, XTS_KEY_STATUS, XTS_KEY_USER_BITS, XTS_REQUEST_USER, XTS_REQUEST_USER_BITS, XTS_STATUS,
  xtsBeatBytes, xtsKeyBytes, xtsSchema, type XtsParams,
} from './params.js';

export const XTS_GENERATOR_VERSION = '0.1.1';

export function xtsModuleName(p: XtsParams): string {
  return `xts_${p.mode === 'encrypt' ? 'enc' : 'dec'}_aes${p.keyBits}_l${p.lanes}_${p.rounds === 'unrolled' ? 'unr' : 'itr'}_s${p.keySlots}`;
}

function xtsCommand(p: XtsParams): string {
  return `npm run dpuforge -- gen xts ${Object.entries(p).map(([k, v]) => `${flagName(k)} ${String(v)}`).join(' ')} -o hw/generated`;
}

/** expr times alpha^n: n nested multiplications, or (n > 4, with 8 lanes) the looping function, to keep lines short. */
function alphaPow(expr: string, n: number): string {
  if (n > 4) return `xts_mul_alpha_n(${expr}, ${n})`;
  let e = expr;
  for (let i = 0; i < n; i++) e = `xts_mul_alpha(${e})`;
  return e;
}

export function emitXts(p: XtsParams): GeneratedDesign {
  const L = p.lanes;
  const U = XTS_REQUEST_USER;  // the request tuser's fields
  const W = xtsBeatBytes(p);
  const DW = 8 * W;
  const NR = aesRounds(p);
  const XKB = xtsKeyBytes(p);
  const KW = 8 * XKB; // key port bits
  const HK = KW / 2; // one key's bits
  const SLOTS = p.keySlots;
  const SB = Math.max(1, bitsFor(SLOTS - 1));
  const enc = p.mode === 'encrypt';
  const unrolled = p.rounds === 'unrolled';
  const RB = bitsFor(NR); // round counter
  const top = xtsModuleName(p);
  // tokens in flight at most: the token register, and the pipelines (unrolled) or the round unit (iterative)
  const PIPE = unrolled ? 1 + 2 * (NR + 1) : 2;
  const FB = bitsFor(PIPE + 1); // output FIFO: 2^FB >= PIPE + 2 entries
  const CB = FB + 1;
  const FW = DW + W + 1 + 8; // FIFO entry: data, keep, last, status
  const paramsJson = canonicalParams(xtsSchema, p as unknown as Record<string, unknown>);
  const ports: DesignPorts = {
    clock: 'clk', reset: 'rst',
    streams: [
      { prefix: 's_axis', dir: 'in', dataBytes: W, keep: true, last: true, userBits: XTS_REQUEST_USER_BITS },
      { prefix: 'm_axis', dir: 'out', dataBytes: W, keep: true, last: true, userBits: 8 },
      { prefix: 'k_axis', dir: 'in', dataBytes: XKB, keep: false, last: false, userBits: XTS_KEY_USER_BITS, traced: false },
      { prefix: 'ks_axis', dir: 'out', dataBytes: 1, keep: false, last: true, userBits: 0 },
    ],
  };
  const rate = unrolled ? `${W} bytes per cycle` : `${W} bytes per ${NR + 1} cycles (${2 * (NR + 1)} on a beat that starts a data unit)`;
  const header = fileHeader({
    file: `${top}.v`,
    what: `AES-XTS ${enc ? 'encryption' : 'decryption'} engine (IEEE 1619, XTS-AES-${p.keyBits}), ${L} AES lane${L > 1 ? 's' : ''}, ${p.rounds} rounds, ${SLOTS} key slot${SLOTS > 1 ? 's' : ''}.`,
    generator: XTS_GENERATOR, version: XTS_GENERATOR_VERSION, paramsJson, command: xtsCommand(p),
    notes: [
      `Output equals src/ref/xts.ts xts${enc ? 'Encrypt' : 'Decrypt'} (and OpenSSL aes-${p.keyBits}-xts) for requests of whole data units.`,
      `k_axis: one beat loads a slot: tdata = Key1 || Key2 (${XKB} bytes, Key1 in bytes 0-${XKB / 2 - 1}), tuser[6:0] = slot,`,
      'tuser[7] = clear the slot (its round keys are zeroed) instead. A load waits for requests in flight to finish.',
      'Waveform traces leave out the key port, the round-key memories, key expansion, the AES states and the tweaks',
      '(a known plaintext and the states would give the keys away): only the data in and out and control are traced.',
      'ks_axis: one beat per key beat, tdata =',
      ...Object.entries(XTS_KEY_STATUS).map(([c, w]) => `  ${c} = ${w}`),
      `s_axis: one request per packet, full ${W}-byte beats but the last (tkeep contiguous from byte 0); tuser on the first`,
      'beat: [7:0] key slot, [23:8] data-unit size in 16-byte blocks, [87:24] the first data unit\'s number (64 bits;',
      'data unit j of the request has tweak number + j). The last data unit may be shorter than the size.',
      'm_axis: the request\'s data encrypted or decrypted, same length and tkeep; tuser on the last beat is the status:',
      ...Object.entries(XTS_STATUS).map(([c, w]) => `  ${c} = ${w}`),
      'A request refused for status 1-3 gives one empty beat (tkeep 0) with its status.',
      `Speed: ${rate}; latency ${unrolled ? 2 * NR + 4 : 'up to ' + (2 * (NR + 1) + 3)} cycles. Reset: synchronous, active high.`,
    ],
  });

  const laneSlice = (v: string, l: number) => `${v}[${128 * l + 127}:${128 * l}]`;
  const roundKeyIndex = (r: number) => (enc ? r : NR - r); // data key index used by data round r (0 = the first AddRoundKey)
  const allKeep = (n: number) => (n === 0 ? `${W}'d0` : hex(W, (1n << BigInt(16 * n)) - 1n));
  const decls: string[] = [];
  for (let r = 0; r <= NR; r++) decls.push(`reg  [127:0] rk1_r${r} [0:${SLOTS - 1}];    // data key (Key1), round key ${r}`);
  for (let r = 0; r <= NR; r++) decls.push(`reg  [127:0] rk2_r${r} [0:${SLOTS - 1}];    // tweak key (Key2), round key ${r}`);

  // key expansion: AES-128 steps one round key from the last; AES-256 from the last two
  const kxStep = p.keyBits === 128
    ? `// AES-128: round key r+1 from round key r
wire [31:0]  kx1_t = aes_key_word(kx1_a_reg[127:96], 1'b1) ^ {24'd0, kx_rcon};
wire [31:0]  kx2_t = aes_key_word(kx2_a_reg[127:96], 1'b1) ^ {24'd0, kx_rcon};
wire [127:0] kx1_next = aes_key_next(kx1_a_reg, kx1_t);
wire [127:0] kx2_next = aes_key_next(kx2_a_reg, kx2_t);`
    : `// AES-256: round key r+2 from round keys r and r+1 (RotWord and the round constant on even r+2)
wire         kx_even = !kx_round_reg[0];     // round r+2 is even when r is (not secret, but declared with the step)
wire [31:0]  kx1_t = aes_key_word(kx1_b_reg[127:96], kx_even) ^ {24'd0, kx_even ? kx_rcon : 8'h00};
wire [31:0]  kx2_t = aes_key_word(kx2_b_reg[127:96], kx_even) ^ {24'd0, kx_even ? kx_rcon : 8'h00};
wire [127:0] kx1_next = aes_key_next(kx1_a_reg, kx1_t);
wire [127:0] kx2_next = aes_key_next(kx2_a_reg, kx2_t);`;
  // the round constant of the step that kx_round_reg is on
  const rconCases: string[] = [];
  const steps = p.keyBits === 128 ? NR : NR - 1;
  for (let r = 0; r < steps; r++) {
    const i = p.keyBits === 128 ? r + 1 : (r + 2) / 2; // AES-128: Rcon[r+1]; AES-256: Rcon[(r+2)/2] on even r
    if (p.keyBits === 256 && r % 2 === 1) continue;
    rconCases.push(`        ${RB}'d${r}: kx_rcon = 8'h${rcon(i).toString(16).padStart(2, '0')};`);
  }

  const keyWrites: string[] = [];
  for (let r = 0; r <= NR; r++) {
    keyWrites.push(`always @(posedge clk) begin
    if (kx_write && kx_round_reg == ${RB}'d${r}) begin
        rk1_r${r}[kx_slot_reg] <= kx1_a_reg;
        rk2_r${r}[kx_slot_reg] <= kx2_a_reg;
    end
end`);
  }

  // ---- the middle: tweak and data pipelines (unrolled) or the round unit (iterative)
  const middle = unrolled ? unrolledCore() : iterativeCore();

  function unrolledCore(): string {
    const t: string[] = [];
    // tweak pipeline stages 1..NR+1, each carrying its token
    const carry = (s: string) => `reg          ${s}_valid_reg;
reg  [${DW - 1}:0] ${s}_data_reg;
reg  [${W - 1}:0]  ${s}_keep_reg;
reg          ${s}_last_reg;
reg  [7:0]   ${s}_status_reg;
reg          ${s}_start_reg;
reg  [${SB - 1}:0]  ${s}_slot_reg;`;
    const move = (to: string, from: string) => `        ${to}_data_reg   <= ${from}_data_reg;
        ${to}_keep_reg   <= ${from}_keep_reg;
        ${to}_last_reg   <= ${from}_last_reg;
        ${to}_status_reg <= ${from}_status_reg;
        ${to}_start_reg  <= ${from}_start_reg;
        ${to}_slot_reg   <= ${from}_slot_reg;`;
    t.push(`// ---- Tweak pipeline: T0 = E_K2(the data unit's number), one stage per round, beside the waiting token`);
    for (let i = 1; i <= NR + 1; i++) {
      const prev = i === 1 ? 'tk' : `tw${i - 1}`;
      const s = `tw${i}`;
      const f = i === 1
        ? `{64'd0, tk_unit_reg} ^ rk2_r0[tk_slot_reg]`
        : i === NR + 1 ? `aes_enc_last(${prev}_state_reg, rk2_r${i - 1}[${prev}_slot_reg])` : `aes_enc_round(${prev}_state_reg, rk2_r${i - 1}[${prev}_slot_reg])`;
      t.push(`${carry(s)}
/* verilator tracing_off */
reg  [127:0] ${s}_state_reg;               // AES state: secret (untraced)
/* verilator tracing_on */
always @(posedge clk) begin
    ${s}_valid_reg <= ${prev}_valid_reg;
    ${s}_state_reg <= ${f};
${move(s, prev)}
    if (rst) ${s}_valid_reg <= 1'b0;
end`);
    }
    const TL = `tw${NR + 1}`;
    t.push(`// ---- Whitening: lane l of a beat uses T = T0 * alpha^(j + l), j the beat's first block in its data unit
/* verilator tracing_off */
reg  [127:0] tweak_run_reg;                 // the next beat's lane-0 tweak within the data unit
wire [127:0] tweak_base = ${TL}_start_reg ? ${TL}_state_reg : tweak_run_reg;
/* verilator tracing_on */
always @(posedge clk) if (${TL}_valid_reg) tweak_run_reg <= ${alphaPow('tweak_base', L)};`);
    // data pipeline stages 1..NR+1 carrying the base tweak
    const dcarry = (s: string, slot: boolean) => `reg          ${s}_valid_reg;
/* verilator tracing_off */
reg  [${DW - 1}:0] ${s}_state_reg;           // AES states and the tweak: secret (untraced)
reg  [127:0] ${s}_tweak_reg;
/* verilator tracing_on */
reg  [${W - 1}:0]  ${s}_keep_reg;
reg          ${s}_last_reg;
reg  [7:0]   ${s}_status_reg;${slot ? `
reg  [${SB - 1}:0]  ${s}_slot_reg;` : ''}`;
    // the last stage needs no slot: no round key after it
    const dmove = (to: string, from: string, tweak: string, slot: boolean) => `        ${to}_tweak_reg  <= ${tweak};
        ${to}_keep_reg   <= ${from}_keep_reg;
        ${to}_last_reg   <= ${from}_last_reg;
        ${to}_status_reg <= ${from}_status_reg;${slot ? `
        ${to}_slot_reg   <= ${from}_slot_reg;` : ''}`;
    t.push(`// ---- Data pipeline: AES ${enc ? 'encryption' : 'decryption'} with the data key, one stage per round, ${L} lane${L > 1 ? 's' : ''}`);
    for (let i = 1; i <= NR + 1; i++) {
      const prev = i === 1 ? TL : `ds${i - 1}`;
      const s = `ds${i}`;
      const lanes: string[] = [];
      const rk = `rk1_r${roundKeyIndex(i - 1)}[${prev}_slot_reg]`;
      for (let l = 0; l < L; l++) {
        const f = i === 1
          ? `${laneSlice(`${TL}_data_reg`, l)} ^ ${alphaPow('tweak_base', l)} ^ ${rk}`
          : i === NR + 1 ? `aes_${enc ? 'enc' : 'dec'}_last(${laneSlice(`${prev}_state_reg`, l)}, ${rk})` : `aes_${enc ? 'enc' : 'dec'}_round(${laneSlice(`${prev}_state_reg`, l)}, ${rk})`;
        lanes.push(`    ${laneSlice(`${s}_state_reg`, l)} <= ${f};`);
      }
      t.push(`${dcarry(s, i <= NR)}
always @(posedge clk) begin
    ${s}_valid_reg <= ${prev}_valid_reg;
${lanes.join('\n')}
${dmove(s, prev, i === 1 ? 'tweak_base' : `${prev}_tweak_reg`, i <= NR)}
    if (rst) ${s}_valid_reg <= 1'b0;
end`);
    }
    const DL = `ds${NR + 1}`;
    const outLanes = Array.from({ length: L }, (_, l) => `${laneSlice(`${DL}_state_reg`, l)} ^ ${alphaPow(`${DL}_tweak_reg`, l)}`).reverse();
    t.push(`// ---- Unwhitening: the same tweaks again
wire         core_out_valid = ${DL}_valid_reg;
/* verilator tracing_off */
wire [${DW - 1}:0] core_out_data = {${outLanes.join(',\n                              ')}};   // only a result when valid
/* verilator tracing_on */
wire [${W - 1}:0]  core_out_keep = ${DL}_keep_reg;
wire         core_out_last = ${DL}_last_reg;
wire [7:0]   core_out_status = ${DL}_status_reg;
assign       tk_take = 1'b1;                // the pipeline takes a token every cycle`);
    return t.join('\n\n');
  }

  function iterativeCore(): string {
    const rkMux = (key: 1 | 2, idx: string, slot: string) => {
      const cases = Array.from({ length: NR + 1 }, (_, r) => `        ${RB}'d${r}: it_rk${key} = rk${key}_r${r}[${slot}];`);
      return `/* verilator tracing_off */
reg  [127:0] it_rk${key};                   // key material: never traced
/* verilator tracing_on */
always @* begin
    case (${idx})
${cases.join('\n')}
        default: it_rk${key} = 128'd0;
    endcase
end`;
    };
    const lanesFirst = Array.from({ length: L }, (_, l) => `            ${laneSlice('it_state_reg', l)} <= ${laneSlice('it_data_reg', l)} ^ ${alphaPow('it_tweak', l)} ^ it_rk1;`);
    const lanesRound = Array.from({ length: L }, (_, l) => `            ${laneSlice('it_state_reg', l)} <= it_last_round ? aes_${enc ? 'enc' : 'dec'}_last(${laneSlice('it_state_reg', l)}, it_rk1) : aes_${enc ? 'enc' : 'dec'}_round(${laneSlice('it_state_reg', l)}, it_rk1);`);
    const outLanes = Array.from({ length: L }, (_, l) => `${laneSlice('it_state_reg', l)} ^ ${alphaPow('it_tweak_reg', l)}`).reverse();
    return `// ---- Round unit: one AES round per cycle per lane. A beat that starts a data unit first encrypts the unit's
// number with the tweak key (T0); then each lane's block goes through the ${NR + 1} steps of the ${enc ? 'cipher' : 'inverse cipher'}.
localparam [1:0] IT_IDLE = 2'd0, IT_TWEAK = 2'd1, IT_DATA = 2'd2, IT_DONE = 2'd3;
reg  [1:0]   it_phase_reg;
reg  [${RB - 1}:0]  it_round_reg;               // the step within the phase, 0..${NR}
reg  [${DW - 1}:0] it_data_reg;                 // the token's data
/* verilator tracing_off */
reg  [${DW - 1}:0] it_state_reg;                // the lanes' AES states
reg  [127:0] it_tstate_reg;                 // the tweak's AES state
reg  [127:0] it_tweak_reg;                  // the beat's lane-0 tweak
reg  [127:0] tweak_run_reg;                 // the next beat's lane-0 tweak within the data unit
/* verilator tracing_on */
reg  [${W - 1}:0]  it_keep_reg;
reg          it_last_reg;
reg  [7:0]   it_status_reg;
reg  [${SB - 1}:0]  it_slot_reg;
wire         it_last_round = it_round_reg == ${RB}'d${NR};
/* verilator tracing_off */
wire [127:0] it_tweak = it_tweak_reg;
/* verilator tracing_on */
${rkMux(1, enc ? 'it_round_reg' : `${RB}'d${NR} - it_round_reg`, 'it_slot_reg')}
${rkMux(2, 'it_round_reg', 'it_slot_reg')}
assign       tk_take = it_phase_reg == IT_IDLE;
always @(posedge clk) begin
    case (it_phase_reg)
        IT_IDLE: if (tk_valid_reg) begin
            it_data_reg   <= tk_data_reg;
            it_keep_reg   <= tk_keep_reg;
            it_last_reg   <= tk_last_reg;
            it_status_reg <= tk_status_reg;
            it_slot_reg   <= tk_slot_reg;
            it_tstate_reg <= {64'd0, tk_unit_reg};
            it_tweak_reg  <= tweak_run_reg;
            it_round_reg  <= ${RB}'d0;
            it_phase_reg  <= tk_start_reg ? IT_TWEAK : IT_DATA;
        end
        IT_TWEAK: begin
            it_tstate_reg <= it_round_reg == ${RB}'d0 ? it_tstate_reg ^ it_rk2
                           : it_last_round ? aes_enc_last(it_tstate_reg, it_rk2) : aes_enc_round(it_tstate_reg, it_rk2);
            it_round_reg  <= it_last_round ? ${RB}'d0 : it_round_reg + ${RB}'d1;
            if (it_last_round) begin
                it_tweak_reg <= aes_enc_last(it_tstate_reg, it_rk2);
                it_phase_reg <= IT_DATA;
            end
        end
        IT_DATA: begin
            if (it_round_reg == ${RB}'d0) begin
${lanesFirst.join('\n')}
            end else begin
${lanesRound.join('\n')}
            end
            it_round_reg <= it_last_round ? ${RB}'d0 : it_round_reg + ${RB}'d1;
            if (it_last_round) it_phase_reg <= IT_DONE;
        end
        default: begin                          // IT_DONE: the result goes to the FIFO
            tweak_run_reg <= ${alphaPow('it_tweak_reg', L)};
            it_phase_reg  <= IT_IDLE;
        end
    endcase
    if (rst) it_phase_reg <= IT_IDLE;
end

wire         core_out_valid = it_phase_reg == IT_DONE;
/* verilator tracing_off */
// the lanes' states unwhitened: a result only when valid (mid-iteration it would show a round state)
wire [${DW - 1}:0] core_out_data = {${outLanes.join(',\n                              ')}};
/* verilator tracing_on */
wire [${W - 1}:0]  core_out_keep = it_keep_reg;
wire         core_out_last = it_last_reg;
wire [7:0]   core_out_status = it_status_reg;`;
  }

  const keepOk = Array.from({ length: L + 1 }, (_, n) => `s_axis_tkeep == ${allKeep(n)}`).join(' || ');
  // the result FIFO, through the builder: it reads the core's result signals (declared in \`middle\`) and out_pop
  const outFifo = fifo([
    'core_out_valid', 'core_out_status', 'core_out_last', 'core_out_keep', 'core_out_data', 'out_pop',
  ], (b) => b.fifo({ name: 'out', width: FW, depthBits: FB, push: 'core_out_valid', data: '{core_out_status, core_out_last, core_out_keep, core_out_data}', pop: 'out_pop', count: true, what: `results: {status, last, keep, data}, ${1 << FB} entries` }));
  const body = `${modulePortList(top, ports, {
    s_axis: 'Requests in: data, one request per packet; tuser on the first beat: slot, data-unit size, first data unit',
    m_axis: 'Results out: one packet per request; tuser on the last beat: status',
    k_axis: 'Key loads in: Key1 || Key2 and the slot (never traced)',
    ks_axis: 'Key load results out: one status byte per key beat',
  })}

${aesFunctions(!enc, L > 4)}

// the next round key from the word mixed in (t) and the round key ${p.keyBits === 128 ? 'before' : 'two before'}: w0 = p0 ^ t, w(i) = p(i) ^ w(i-1)
function [127:0] aes_key_next;
    input [127:0] p;
    input [31:0]  t;
    reg   [31:0]  w0, w1, w2;
    begin
        w0 = p[31:0] ^ t;
        w1 = p[63:32] ^ w0;
        w2 = p[95:64] ^ w1;
        aes_key_next = {p[127:96] ^ w2, w2, w1, w0};
    end
endfunction

// ---- Key slots: the round keys of each slot's data key (Key1) and tweak key (Key2), one memory per round so
// that every pipeline stage reads its own. Key material is never traced.
/* verilator tracing_off */
${decls.join('\n')}
reg  [127:0] kx1_a_reg, kx2_a_reg;          // the round key being written${p.keyBits === 256 ? '\nreg  [127:0] kx1_b_reg, kx2_b_reg;          // the one after it' : ''}
/* verilator tracing_on */
reg  [${SLOTS - 1}:0]  key_loaded_reg;              // slots holding a key

// key port: one load (or clear) at a time
localparam [1:0] KS_IDLE = 2'd0, KS_WAIT = 2'd1, KS_EXPAND = 2'd2, KS_REPLY = 2'd3;
reg  [1:0]   ks_state_reg;
reg  [7:0]   ks_status_reg;
reg  [${SB - 1}:0]  kx_slot_reg;
reg          kx_clear_reg;
reg  [${RB - 1}:0]  kx_round_reg;               // the round key written this cycle (KS_EXPAND)
wire         quiet;                         // no request between its beats, no token in flight
wire [6:0]   k_slot = k_axis_tuser[6:0];
wire         k_slot_ok = k_slot < 7'd${SLOTS};
wire         k_halves_equal = k_axis_tdata[${HK - 1}:0] == k_axis_tdata[${KW - 1}:${HK}];
wire         k_fire = k_axis_tvalid && k_axis_tready;
wire         kx_write = ks_state_reg == KS_EXPAND;
assign k_axis_tready = ks_state_reg == KS_IDLE;
assign ks_axis_tvalid = ks_state_reg == KS_REPLY;
assign ks_axis_tdata = ks_status_reg;
assign ks_axis_tlast = 1'b1;
reg  [7:0]   kx_rcon;
always @* begin
    case (kx_round_reg)
${rconCases.join('\n')}
        default: kx_rcon = 8'h00;
    endcase
end
/* verilator tracing_off */
${kxStep}
/* verilator tracing_on */
always @(posedge clk) begin
    case (ks_state_reg)
        KS_IDLE: if (k_fire) begin
            kx_slot_reg   <= k_slot[${SB - 1}:0];
            kx_clear_reg  <= k_axis_tuser[7];
            kx_round_reg  <= ${RB}'d0;
            // a clear writes zeros; a load starts from the key (AES-${p.keyBits}: round key 0${p.keyBits === 256 ? ' and 1 are the key\'s halves' : ' is the key'})
            kx1_a_reg     <= k_axis_tuser[7] ? 128'd0 : k_axis_tdata[127:0];
            kx2_a_reg     <= k_axis_tuser[7] ? 128'd0 : k_axis_tdata[${HK + 127}:${HK}];${p.keyBits === 256 ? `
            kx1_b_reg     <= k_axis_tuser[7] ? 128'd0 : k_axis_tdata[255:128];
            kx2_b_reg     <= k_axis_tuser[7] ? 128'd0 : k_axis_tdata[511:384];` : ''}
            ks_status_reg <= !k_slot_ok ? 8'd1 : (!k_axis_tuser[7] && k_halves_equal) ? 8'd2 : 8'd0;
            ks_state_reg  <= (!k_slot_ok || (!k_axis_tuser[7] && k_halves_equal)) ? KS_REPLY : KS_WAIT;
        end
        KS_WAIT: if (quiet) ks_state_reg <= KS_EXPAND;
        KS_EXPAND: begin
            kx_round_reg <= kx_round_reg + ${RB}'d1;
            if (!kx_clear_reg) begin
                kx1_a_reg <= ${p.keyBits === 128 ? 'kx1_next' : 'kx1_b_reg'};
                kx2_a_reg <= ${p.keyBits === 128 ? 'kx2_next' : 'kx2_b_reg'};${p.keyBits === 256 ? `
                kx1_b_reg <= kx1_next;
                kx2_b_reg <= kx2_next;` : ''}
            end
            if (kx_round_reg == ${RB}'d${NR}) begin
                key_loaded_reg[kx_slot_reg] <= !kx_clear_reg;
                kx1_a_reg    <= 128'd0;             // no key material stays behind
                kx2_a_reg    <= 128'd0;${p.keyBits === 256 ? `
                kx1_b_reg    <= 128'd0;
                kx2_b_reg    <= 128'd0;` : ''}
                ks_state_reg <= KS_REPLY;
            end
        end
        default: if (ks_axis_tready) ks_state_reg <= KS_IDLE;   // KS_REPLY
    endcase
    if (rst) begin
        ks_state_reg   <= KS_IDLE;
        key_loaded_reg <= ${SLOTS}'d0;
    end
end
${keyWrites.join('\n')}

// ---- Requests: each beat becomes a token (a refused request: one empty token at its last beat)
wire         room;                          // the output FIFO has room for every token in flight and one more
wire         tk_take;                       // the core takes the token this cycle
reg          tk_valid_reg;                  // the token register
reg  [${DW - 1}:0] tk_data_reg;
reg  [${W - 1}:0]  tk_keep_reg;
reg          tk_last_reg;
reg  [7:0]   tk_status_reg;
reg          tk_start_reg;                  // the first beat of a data unit
reg  [63:0]  tk_unit_reg;                   // its data unit's number
reg  [${SB - 1}:0]  tk_slot_reg;
reg          in_packet_reg;                 // between a request's first and last beats
reg          in_drop_reg;                   // ... of a refused request
reg  [7:0]   in_status_reg;                 // the refused request's status, or a short beat's (5)
reg  [${SB - 1}:0]  in_slot_reg;
reg  [63:0]  in_unit_reg;                   // the data unit of the next beat
reg  [15:0]  in_unit_beats_reg;             // beats per data unit
reg  [15:0]  in_beat_reg;                   // the next beat's place in its data unit
wire         first = !in_packet_reg;
wire         hold = ks_state_reg == KS_WAIT || ks_state_reg == KS_EXPAND;   // a key load is waiting: no new request
assign s_axis_tready = room && (!tk_valid_reg || tk_take) && (in_packet_reg || !hold);
wire         in_fire = s_axis_tvalid && s_axis_tready;
wire [7:0]   u_slot = s_axis_tuser[${8 * U.slot.byte} +: ${U.slot.bits}];
wire [15:0]  u_blocks = s_axis_tuser[${8 * U.unitBlocks.byte} +: ${U.unitBlocks.bits}];
wire [63:0]  u_unit = s_axis_tuser[${8 * U.firstDataUnit.byte} +: ${U.firstDataUnit.bits}];
wire [15:0]  u_beats = ${L === 1 ? 'u_blocks' : `{${Math.log2(L)}'d0, u_blocks[15:${Math.log2(L)}]}`};
wire [7:0]   first_status = u_slot >= 8'd${SLOTS} ? 8'd1 : !key_loaded_reg[u_slot[${SB - 1}:0]] ? 8'd2
                          : (u_blocks == 16'd0${L > 1 ? ` || u_blocks[${Math.log2(L) - 1}:0] != ${Math.log2(L)}'d0` : ''}) ? 8'd3 : 8'd0;
wire         drop = first ? first_status != 8'd0 : in_drop_reg;
wire [${SB - 1}:0]  beat_slot = first ? u_slot[${SB - 1}:0] : in_slot_reg;
wire [63:0]  beat_unit = first ? u_unit : in_unit_reg;
wire [15:0]  beat_place = first ? 16'd0 : in_beat_reg;
wire [15:0]  beat_unit_beats = first ? u_beats : in_unit_beats_reg;
wire         unit_ends = beat_place + 16'd1 == beat_unit_beats;
wire         keep_lanes = ${keepOk};   // whole 16-byte blocks, from byte 0
wire         keep_full = &s_axis_tkeep;
wire [7:0]   sticky = first ? 8'd0 : in_status_reg;
wire [7:0]   last_status = sticky != 8'd0 ? sticky : !keep_lanes ? 8'd4 : 8'd0;
always @(posedge clk) begin
    if (tk_take) tk_valid_reg <= 1'b0;
    if (in_fire) begin
        in_packet_reg <= !s_axis_tlast;
        if (first) begin
            in_drop_reg   <= first_status != 8'd0;
            in_slot_reg   <= u_slot[${SB - 1}:0];
            in_unit_beats_reg <= u_beats;
        end
        if (drop) begin
            if (first) in_status_reg <= first_status;
        end else if (!s_axis_tlast && !keep_full) begin
            in_status_reg <= 8'd5;
        end else if (first) begin
            in_status_reg <= 8'd0;
        end
        in_beat_reg <= unit_ends ? 16'd0 : beat_place + 16'd1;
        in_unit_reg <= unit_ends ? beat_unit + 64'd1 : beat_unit;
        // a token: every beat of a request taken, or the last beat of a refused one
        if (!drop || s_axis_tlast) begin
            tk_valid_reg  <= 1'b1;
            tk_data_reg   <= s_axis_tdata;
            tk_keep_reg   <= drop ? ${W}'d0 : s_axis_tkeep;
            tk_last_reg   <= s_axis_tlast;
            tk_status_reg <= drop ? (first ? first_status : in_status_reg) : s_axis_tlast ? last_status : 8'd0;
            tk_start_reg  <= beat_place == 16'd0;
            tk_unit_reg   <= beat_unit;
            tk_slot_reg   <= beat_slot;
        end
    end
    if (rst) begin
        tk_valid_reg  <= 1'b0;
        in_packet_reg <= 1'b0;
        in_drop_reg   <= 1'b0;
        in_status_reg <= 8'd0;
    end
end

${middle}

// ---- Output FIFO (room for every token in flight: the core never waits for m_axis)
reg  [${CB - 1}:0]  inflight_reg;                // tokens in the token register and the core
wire         token_in = in_fire && (!drop || s_axis_tlast);
wire         out_pop;
${outFifo.text}
assign room = {1'b0, out_count_reg} + {1'b0, inflight_reg} < ${CB + 1}'d${1 << FB};
assign quiet = !in_packet_reg && inflight_reg == ${CB}'d0;
always @(posedge clk) begin
    inflight_reg <= inflight_reg + {${CB - 1}'d0, token_in} - {${CB - 1}'d0, core_out_valid};
    if (rst) inflight_reg <= ${CB}'d0;
end
assign m_axis_tvalid = out_valid;
assign m_axis_tdata = out_head[${DW - 1}:0];
assign m_axis_tkeep = out_head[${DW + W - 1}:${DW}];
assign m_axis_tlast = out_head[${DW + W}];
assign m_axis_tuser = out_head[${FW - 1}:${DW + W + 1}];
assign out_pop = m_axis_tvalid && m_axis_tready;

endmodule
`;
  return {
    generator: XTS_GENERATOR, version: XTS_GENERATOR_VERSION, paramsJson, top,
    files: [verilogFile(`${top}.v`, header + body + FILE_FOOTER)],
    libFiles: [],
    ports,
    latencyCycles: unrolled ? 2 * NR + 4 : 2 * (NR + 1) + 3,
  };
}

export const xtsGenerator: Generator<XtsParams> = {
  name: 'xts',
  version: XTS_GENERATOR_VERSION,
  summary: 'AES-XTS encryption/decryption engine (IEEE 1619, XTS-AES-128/256, key slots; bit-exact with OpenSSL)',
  schema: xtsSchema,
  validate: validateXtsParams,
  command: xtsCommand,
  emit: emitXts,
};

// Queue engine stage: Keys: k_axis loads key slots of the XTS engines; ks_axis answers.
import type { QueueContext } from './context.js';

export function keysStage(c: QueueContext): string {
  const { dec, ENCR, DECR, CRYPT } = c;
  return `${CRYPT ? `// ---- Keys: a k_axis beat loads (or clears) a key slot in ${ENCR && DECR ? 'both XTS engines at once; ks_axis answers once both have' : 'the XTS engine; ks_axis answers'}
// (the key goes straight from the port to the engines: no traced signal here carries it)
${(ENCR ? ['enc'] : []).concat(DECR ? ['dec'] : []).map((x) => `wire        key_${x}_valid, key_${x}_ready;
wire [7:0]  ks_${x}_data;
wire        ks_${x}_valid, ks_${x}_ready;
/* verilator lint_off UNUSEDSIGNAL */
wire        ks_${x}_last;               // one beat per answer
/* verilator lint_on UNUSEDSIGNAL */`).join('\n')}
${ENCR && DECR ? `assign k_axis_tready = key_enc_ready && key_dec_ready;
assign key_enc_valid = k_axis_tvalid && key_dec_ready;
assign key_dec_valid = k_axis_tvalid && key_enc_ready;
// the two engines check a key alike: their answers agree
assign ks_axis_tvalid = ks_enc_valid && ks_dec_valid;
assign ks_axis_tdata = ks_enc_data | ks_dec_data;
assign ks_enc_ready = ks_axis_tready && ks_dec_valid;
assign ks_dec_ready = ks_axis_tready && ks_enc_valid;` : ['enc', 'dec'].filter((x) => (x === 'enc' ? ENCR : DECR)).map((x) => `assign k_axis_tready = key_${x}_ready;
assign key_${x}_valid = k_axis_tvalid;
assign ks_axis_tvalid = ks_${x}_valid;
assign ks_axis_tdata = ks_${x}_data;
assign ks_${x}_ready = ks_axis_tready;`).join('')}
assign ks_axis_tlast = 1'b1;

` : ''}`;
}

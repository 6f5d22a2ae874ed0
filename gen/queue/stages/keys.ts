// Queue engine stage: Keys: k_axis loads key slots of the XTS engines; ks_axis answers.
import type { QueueContext } from './context.js';

export function keysStage(c: QueueContext): void {
  const { ENCR, DECR, CRYPT, v } = c;
  if (!CRYPT) return;
  v.comment(`---- Keys: a k_axis beat loads (or clears) a key slot in ${ENCR && DECR ? 'both XTS engines at once; ks_axis answers once both have' : 'the XTS engine; ks_axis answers'}
(the key goes straight from the port to the engines: no traced signal here carries it)`);
  const sides = (ENCR ? ['enc'] : []).concat(DECR ? ['dec'] : []);
  for (const x of sides) {
    v.wire(`key_${x}_valid`, 1);
    v.wire(`key_${x}_ready`, 1);
    v.wire(`ks_${x}_data`, 8);
    v.wire(`ks_${x}_valid`, 1);
    v.wire(`ks_${x}_ready`, 1);
    v.unused('one beat per answer', () => v.wire(`ks_${x}_last`, 1));
  }
  if (ENCR && DECR) {
    v.assign('k_axis_tready', 'key_enc_ready && key_dec_ready');
    v.assign('key_enc_valid', 'k_axis_tvalid && key_dec_ready');
    v.assign('key_dec_valid', 'k_axis_tvalid && key_enc_ready');
    v.comment('the two engines check a key alike: their answers agree');
    v.assign('ks_axis_tvalid', 'ks_enc_valid && ks_dec_valid');
    v.assign('ks_axis_tdata', 'ks_enc_data | ks_dec_data');
    v.assign('ks_enc_ready', 'ks_axis_tready && ks_dec_valid');
    v.assign('ks_dec_ready', 'ks_axis_tready && ks_enc_valid');
  } else {
    const x = sides[0];
    v.assign('k_axis_tready', `key_${x}_ready`);
    v.assign(`key_${x}_valid`, 'k_axis_tvalid');
    v.assign('ks_axis_tvalid', `ks_${x}_valid`);
    v.assign('ks_axis_tdata', `ks_${x}_data`);
    v.assign(`ks_${x}_ready`, 'ks_axis_tready');
  }
  v.assign('ks_axis_tlast', "1'b1");
  v.blank();
}

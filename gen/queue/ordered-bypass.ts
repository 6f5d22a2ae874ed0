// The ordered bypass: a stage that some packets go through and the others go around, with the packets leaving in
// the order they came. A FIFO pushed per request at dispatch (the "leaving" side) says whether the next packet to
// leave comes out of the stage; the entering side says whether the packet now arriving goes into it. A packet that
// goes around is at the head of both sides at once (every packet before it has left the stage), so it passes in
// the cycle downstream takes it. The queue engine routes its decrypt, encrypt, EC encode, EC reconstruct and
// encrypt-before-compress stages this way.

import type { Signal, VerilogBuilder } from '../core/emit.js';

/** A stream as Verilog expressions. */
export interface StreamSignals {
  valid: string;
  data: string;
  keep: string;
  last: string;
}

export interface OrderedBypassSpec {
  /** Prefix of the merged stream's wires (`<out>_valid`, `_data`, `_keep`, `_last`), declared here. */
  out: string;
  /** Bytes per beat. */
  dataBytes: number;
  /** The entering packets; `through`: the packet now arriving goes through the stage; `throughKnown`: that is known. */
  input: StreamSignals;
  through: string;
  throughKnown?: string;
  /** The stage: its input's ready and its output. */
  stage: StreamSignals & { inReady: string };
  /** The leaving side: the FIFO's valid (absent: it holds an entry whenever a packet is there) and head bit. */
  leaving: { valid?: string; through: string };
  /** Downstream takes a beat of the merged stream. */
  downReady: string;
}

export interface OrderedBypass {
  /** The stage's input valid. */
  stageInValid: string;
  /** The input's ready, and its ready for a packet going around. */
  inReady: string;
  aroundReady: string;
  /** The stage's output ready. */
  stageReady: string;
  /** The merged stream's last beat leaves (the leaving FIFO pops). */
  leave: string;
  /** Declares the merged stream's wires (`<out>_valid`, `_data`, `_keep`, `_last`) in `b`. */
  declare: (b: VerilogBuilder) => { valid: Signal; data: Signal; keep: Signal; last: Signal };
}

/** The bypass's handshake expressions, and the declaration of its merged stream. */
export function orderedBypass(s: OrderedBypassSpec): OrderedBypass {
  const and = (...xs: (string | undefined)[]) => xs.filter(Boolean).join(' && ');
  const lv = s.leaving;
  const o = s.out;
  const W = s.dataBytes;
  const around = and(s.downReady, lv.valid, `!${lv.through}`);
  return {
    stageInValid: and(s.input.valid, s.throughKnown, s.through),
    inReady: s.throughKnown ? `${s.throughKnown} && (${s.through} ? ${s.stage.inReady} : ${around})` : `${s.through} ? ${s.stage.inReady} : ${around}`,
    aroundReady: around,
    stageReady: and(lv.valid, lv.through, s.downReady),
    leave: and(`${o}_valid`, s.downReady, `${o}_last`),
    declare: (b) => ({
      valid: b.wire(`${o}_valid`, 1, `${lv.valid ? `${lv.valid} && ` : ''}(${lv.through} ? ${s.stage.valid} : ${and(s.input.valid, s.throughKnown, `!${s.through}`)})`),
      data: b.wire(`${o}_data`, 8 * W, `${lv.through} ? ${s.stage.data} : ${s.input.data}`),
      keep: b.wire(`${o}_keep`, W, `${lv.through} ? ${s.stage.keep} : ${s.input.keep}`),
      last: b.wire(`${o}_last`, 1, `${lv.through} ? ${s.stage.last} : ${s.input.last}`),
    }),
  };
}

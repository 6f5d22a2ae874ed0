// The serial link as the board's pins see it, one level per clock cycle: UART 8N1 frames (start bit, 8 data
// bits LSB first, stop bit; the line idles high) encoded for the board's rx pin and decoded from its tx pin.
// The TS model of the link the simulated board top is driven through.

/** Line levels for bytes sent back to back, `clocksPerBit` cycles per bit, after `idleBits` of idle line. */
export function uartEncode(bytes: Uint8Array, clocksPerBit: number, idleBits = 2): Uint8Array {
  const out = new Uint8Array((idleBits + 10 * bytes.length) * clocksPerBit).fill(1);
  let at = idleBits * clocksPerBit;
  for (const b of bytes) {
    const bits = [0, ...Array.from({ length: 8 }, (_, i) => (b >> i) & 1), 1];
    for (const bit of bits) { out.fill(bit, at, at + clocksPerBit); at += clocksPerBit; }
  }
  return out;
}

/** Decodes a tx line incrementally: feed level samples, take the bytes found so far. */
export class UartDecoder {
  readonly bytes: number[] = [];
  framingErrors = 0;
  private state: 'idle' | 'frame' = 'idle';
  private countdown = 0;
  private bit = 0;
  private shift = 0;

  constructor(readonly clocksPerBit: number) {}

  feed(levels: Uint8Array, stride = 1, offset = 0): void {
    for (let i = offset; i < levels.length; i += stride) {
      const level = levels[i] & 1;
      if (this.state === 'idle') {
        if (level === 0) { this.state = 'frame'; this.countdown = Math.floor(this.clocksPerBit / 2); this.bit = 0; this.shift = 0; }
        continue;
      }
      if (this.countdown-- > 0) continue;
      this.countdown = this.clocksPerBit - 1;
      if (this.bit === 0) {
        if (level !== 0) this.state = 'idle'; // a glitch
      } else if (this.bit <= 8) {
        this.shift |= level << (this.bit - 1);
      } else {
        if (level !== 1) this.framingErrors++;
        this.bytes.push(this.shift);
        this.state = 'idle';
      }
      this.bit++;
    }
  }
}

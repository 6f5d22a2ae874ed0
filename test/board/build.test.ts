// The board bitstream builds from npm tools alone: the board top synthesized, placed and routed on the HX8K
// with the checked-in pins at more than the board's 12 MHz, packed to a full HX8K image; and the board
// commands fail clearly on a missing pin file or serial port.
import { describe, expect, it } from 'vitest';
import { buildBoard } from '../../src/board/build.js';
import { SerialPortLink } from '../../src/board/serial-port.js';

describe('board build', () => {
  it('makes an HX8K bitstream that meets the board clock', async () => {
    const b = await buildBoard();
    expect(b.bitstream.length).toBe(135100); // the HX8K's configuration image
    expect(b.pnr.fmaxMhz.clk).toBeGreaterThan(12);
    expect(b.pnr.utilization.SB_IO.used).toBe(11); // clk, uart_rx, uart_tx, 8 LEDs
    expect(b.pnr.utilization.ICESTORM_RAM.used).toBeGreaterThan(0); // FIFO, response buffer, LZ4 window
  });

  it('names a missing pin file and a missing serial port', async () => {
    await expect(buildBoard({}, 'hw/board/none.pcf')).rejects.toThrow(/pin constraints hw\/board\/none\.pcf cannot be read/);
    await expect(SerialPortLink.open('/dev/ttyNOPE9', 115200)).rejects.toThrow(/cannot open serial port \/dev\/ttyNOPE9: ENOENT/);
  });
});

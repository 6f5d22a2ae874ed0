// The board top simulated at its pins: a wrapper gives the generated board top (the exact RTL of the bitstream)
// stream ports carrying one line level per cycle — rx in, tx and the LEDs out — and the TS serial model
// (src/board/serial.ts) turns request frames into rx levels and tx levels back into response bytes, in
// batches of cycles (never a round trip per cycle).
import { boardGenerator, clocksPerBit, type BoardParams } from '../../gen/board/board.js';
import type { GeneratedDesign } from '../../gen/core/design.js';
import { SimModel } from '../../sim/model.js';
import { UartDecoder, uartEncode } from './serial.js';
import { parseResponse, BoardProtocolError, type BoardResponse } from './protocol.js';
import type { BoardLink } from './host.js';

export function boardSimDesign(board: GeneratedDesign): GeneratedDesign {
  const top = `${board.top}_sim`;
  return {
    ...board,
    top,
    files: [...board.files, {
      name: `${top}.v`, content: `// ${top}.v: the board top's pins as streams for simulation: one rx level per cycle in; tx and the LEDs out.
\`default_nettype none
module ${top} (
    input  wire        clk,
    input  wire        rst,
    input  wire [7:0]  s_axis_tdata,
    input  wire        s_axis_tvalid,
    output wire        s_axis_tready,
    output wire [15:0] m_axis_tdata,
    output wire        m_axis_tvalid,
    input  wire        m_axis_tready
);
wire       tx;
wire [7:0] led;
${board.top} board (.clk(clk), .uart_rx(s_axis_tvalid ? s_axis_tdata[0] : 1'b1), .uart_tx(tx), .led(led));
assign s_axis_tready = 1'b1;
assign m_axis_tvalid = 1'b1;
assign m_axis_tdata = {led, 7'd0, tx};
/* verilator lint_off UNUSEDSIGNAL */
wire unused = &{rst, s_axis_tdata[7:1], m_axis_tready};  // the board has its own power-on reset
/* verilator lint_on UNUSEDSIGNAL */
endmodule
\`default_nettype wire
`,
    }],
    ports: {
      clock: 'clk', reset: 'rst',
      streams: [
        { prefix: 's_axis', dir: 'in', dataBytes: 1, keep: false, last: false, userBits: 0 },
        { prefix: 'm_axis', dir: 'out', dataBytes: 2, keep: false, last: false, userBits: 0 },
      ],
    },
  };
}

export class SimulatedBoardLink implements BoardLink {
  cycles = 0;
  led = 0;

  private constructor(readonly params: BoardParams, readonly model: SimModel) {}

  static async create(raw: Readonly<Record<string, unknown>> = {}): Promise<SimulatedBoardLink> {
    const params = boardGenerator.validate(raw);
    const model = await SimModel.load(boardSimDesign(boardGenerator.emit(params)));
    return new SimulatedBoardLink(params, model);
  }

  /** Send a request frame on rx and run until a whole response came out of tx. */
  async exchange(frame: Uint8Array, maxCycles = 50_000_000): Promise<BoardResponse> {
    const n = clocksPerBit(this.params);
    const decoder = new UartDecoder(n);
    let input = uartEncode(frame, n);
    let spent = 0;
    for (;;) {
      const chunk = Math.max(input.length, 20 * 10 * n);
      const levels = new Uint8Array(chunk).fill(1);
      levels.set(input.subarray(0, chunk));
      input = input.subarray(Math.min(chunk, input.length));
      const r = this.model.run({ s_axis: { beats: { count: chunk, data: levels } } }, { m_axis: {} }, { cyclesExactly: chunk });
      const out = r.outputs.m_axis;
      decoder.feed(out.data.subarray(0, 2 * out.count), 2, 0);
      if (out.count) this.led = out.data[2 * out.count - 1];
      this.cycles += r.cycles;
      spent += r.cycles;
      if (decoder.framingErrors) throw new BoardProtocolError(`the board's tx line broke UART framing (${decoder.framingErrors} bytes)`);
      const resp = parseResponse(decoder.bytes);
      if (resp && input.length === 0) return resp;
      if (spent > maxCycles) throw new BoardProtocolError(`no complete response after ${spent} cycles (${decoder.bytes.length} bytes came)`);
    }
  }

  close(): void {
    this.model.close();
  }
}

// Queue engine stage: The host interface: the DMA engine every host access goes through, the queue registers and the
// register writes on s_ctrl.
import type { QueueContext } from './context.js';

const AXI_SIGNALS = ['awid', 'awaddr', 'awlen', 'awsize', 'awburst', 'awvalid', 'awready', 'wdata', 'wstrb', 'wlast', 'wvalid', 'wready',
  'bid', 'bresp', 'bvalid', 'bready', 'arid', 'araddr', 'arlen', 'arsize', 'arburst', 'arvalid', 'arready',
  'rid', 'rdata', 'rresp', 'rlast', 'rvalid', 'rready'];

export function hostInterfaceStage(c: QueueContext): void {
  const { p, W, Q, QB, dma, v } = c;
  v.comment('---- DMA engine: every host memory access');
  const w = (name: string, width = 1) => v.wire(name, width);
  const rd = { cmdData: w('rd_cmd_data', 128), cmdValid: w('rd_cmd_valid'), cmdReady: w('rd_cmd_ready'), data: w('rd_data', 8 * W),
    keep: w('rd_keep', W), valid: w('rd_valid'), ready: w('rd_ready'), last: w('rd_last'), error: w('rd_error') };
  const wr = { cmdData: w('wr_cmd_data', 128), cmdValid: w('wr_cmd_valid'), cmdReady: w('wr_cmd_ready'), data: w('wr_data', 8 * W),
    keep: w('wr_keep', W), valid: w('wr_valid'), ready: w('wr_ready'), last: w('wr_last') };
  const done = { data: w('done_data', 32), valid: w('done_valid') };
  v.instance(dma.top, 'dma', {
    clk: 'clk', rst: 'rst',
    s_rd_cmd_tdata: rd.cmdData, s_rd_cmd_tvalid: rd.cmdValid, s_rd_cmd_tready: rd.cmdReady,
    m_rd_data_tdata: rd.data, m_rd_data_tkeep: rd.keep, m_rd_data_tvalid: rd.valid, m_rd_data_tready: rd.ready,
    m_rd_data_tlast: rd.last, m_rd_data_tuser: rd.error,
    s_wr_cmd_tdata: wr.cmdData, s_wr_cmd_tvalid: wr.cmdValid, s_wr_cmd_tready: wr.cmdReady,
    s_wr_data_tdata: wr.data, s_wr_data_tkeep: wr.keep, s_wr_data_tvalid: wr.valid, s_wr_data_tready: wr.ready,
    s_wr_data_tlast: wr.last,
    m_wr_done_tdata: done.data, m_wr_done_tvalid: done.valid, m_wr_done_tready: "1'b1",
    ...Object.fromEntries(AXI_SIGNALS.map((s) => [`m_axi_${s}`, `m_axi_${s}`])),
  });
  v.blank();
  v.comment('---- Registers');
  v.regArray('sq_base_reg', 64, 'QUEUES');
  v.regArray('cq_base_reg', 64, 'QUEUES');
  v.regArray('entries_reg', 16, 'QUEUES');
  v.regArray('sq_tail_reg', 16, 'QUEUES', "host's doorbell");
  v.regArray('sq_head_reg', 16, 'QUEUES', 'next entry to fetch');
  v.regArray('cq_head_reg', 16, 'QUEUES', "host's doorbell");
  v.regArray('cq_tail_reg', 16, 'QUEUES', 'next completion slot');
  v.regArray('cq_phase_reg', 1, 'QUEUES');
  if (p.arbitration === 'weighted') v.regArray('weight_reg', 8, 'QUEUES');
  v.assign('s_ctrl_tready', "1'b1");
  v.wire('ctrl_fire', 1, 's_ctrl_tvalid');
  const reg = v.wire('ctrl_reg', 16, 's_ctrl_tdata[15:0]');
  v.wire('ctrl_value', 64, 's_ctrl_tdata[127:64]');
  v.unused('bytes 2-7 of a register write carry nothing', () => v.wire('ctrl_unused', 48, 's_ctrl_tdata[63:16]'));
  v.wire('ctrl_queue', QB, `${reg}[${QB + 2}:3]`);
  v.wire('ctrl_queue_ok', 1, `${reg}[15:3] < 13'd${Q}`);
  v.blank();
}

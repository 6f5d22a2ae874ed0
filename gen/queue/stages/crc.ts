// Queue engine stage: The CRC32C engine on the data path.
import type { QueueContext } from './context.js';

export function crcStage(c: QueueContext): void {
  const { p, crc, v } = c;
  const dec = p.decompression === 'lz4';
  v.instance(crc.top, 'crc', {
    clk: 'clk', rst: 'rst',
    s_axis_tdata: dec ? 'cs_dec ? dec_data : in_data' : 'in_data', s_axis_tkeep: dec ? 'cs_dec ? dec_keep : in_keep' : 'in_keep',
    s_axis_tvalid: 'crc_in_valid', s_axis_tready: 'crc_in_ready', s_axis_tlast: dec ? 'crc_in_last' : 'in_last',
    m_axis_tdata: 'crc_value', m_axis_tvalid: 'crc_valid', m_axis_tready: "1'b1", m_axis_tlast: 'crc_last',
    m_axis_tuser: 'crc_keep_error',
  });
}

// Queue engine stage: The CRC32C engine on the data path.
import type { QueueContext } from './context.js';

export function crcStage(c: QueueContext): string {
  const { p, crc } = c;
  return `${crc.top} crc (
    .clk(clk), .rst(rst),
    .s_axis_tdata(${p.decompression === 'lz4' ? 'cs_dec ? dec_data : in_data' : 'in_data'}), .s_axis_tkeep(${p.decompression === 'lz4' ? 'cs_dec ? dec_keep : in_keep' : 'in_keep'}), .s_axis_tvalid(crc_in_valid),
    .s_axis_tready(crc_in_ready), .s_axis_tlast(${p.decompression === 'lz4' ? 'crc_in_last' : 'in_last'}),
    .m_axis_tdata(crc_value), .m_axis_tvalid(crc_valid), .m_axis_tready(1'b1), .m_axis_tlast(crc_last),
    .m_axis_tuser(crc_keep_error)
);
`;
}

// The hand-written primitives under hw/lib that generated designs instantiate, by path from the project root.
export const SKID_BUFFER_FILE = 'hw/lib/dpf_skid_buffer.v';
export const SIMPLE_RAM_FILE = 'hw/lib/dpf_simple_ram.v';
export const BYTE4_RAM_FILE = 'hw/lib/dpf_byte4_ram.v';
export const LINE_RAM_FILE = 'hw/lib/dpf_line_ram.v';
export const LANE_RAM_FILE = 'hw/lib/dpf_lane_ram.v';
export const STREAM_FIFO_FILE = 'hw/lib/dpf_stream_fifo.v';
export const UART_RX_FILE = 'hw/lib/dpf_uart_rx.v';
export const UART_TX_FILE = 'hw/lib/dpf_uart_tx.v';
export const BYTE_PACKER_FILE = 'hw/lib/dpf_byte_packer.v';

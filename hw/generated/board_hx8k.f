// board_hx8k.f: its sources, paths from the directory the tools run in, e.g.
// verilator --lint-only -Wall -f hw/generated/board_hx8k.f
hw/lib/dpf_uart_rx.v
hw/lib/dpf_uart_tx.v
hw/lib/dpf_simple_ram.v
hw/lib/dpf_skid_buffer.v
hw/generated/crc_engine_w1_crc32c.v
hw/generated/ec_engine_k4_m2_w1_cauchy.v
hw/generated/lz4_decompress_w1_h1024_o2048.v
hw/generated/board_hx8k.v

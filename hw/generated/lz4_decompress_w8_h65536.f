// lz4_decompress_w8_h65536.f: its sources, paths from the directory the tools run in, e.g.
// verilator --lint-only -Wall -f hw/generated/lz4_decompress_w8_h65536.f
hw/lib/dpf_skid_buffer.v
hw/generated/lz4_decompress_w8_h65536.v

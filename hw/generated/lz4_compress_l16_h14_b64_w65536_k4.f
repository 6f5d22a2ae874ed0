// lz4_compress_l16_h14_b64_w65536_k4.f: its sources, paths from the directory the tools run in, e.g.
// verilator --lint-only -Wall -f hw/generated/lz4_compress_l16_h14_b64_w65536_k4.f
hw/lib/dpf_skid_buffer.v
hw/lib/dpf_byte4_ram.v
hw/generated/lz4_compress_l16_h14_b64_w65536_k4.v

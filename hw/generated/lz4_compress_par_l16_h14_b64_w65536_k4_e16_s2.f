// lz4_compress_par_l16_h14_b64_w65536_k4_e16_s2.f: its sources, paths from the directory the tools run in, e.g.
// verilator --lint-only -Wall -f hw/generated/lz4_compress_par_l16_h14_b64_w65536_k4_e16_s2.f
hw/lib/dpf_skid_buffer.v
hw/lib/dpf_line_ram.v
hw/generated/lz4_compress_par_l16_h14_b64_w65536_k4_e16_s2.v

// queue_engine_q4_w16_r8_lz4_unlz4_ec8p2.f: its sources, paths from the directory the tools run in, e.g.
// verilator --lint-only -Wall -f hw/generated/queue_engine_q4_w16_r8_lz4_unlz4_ec8p2.f
hw/lib/dpf_skid_buffer.v
hw/lib/dpf_line_ram.v
hw/lib/dpf_simple_ram.v
hw/generated/dma_engine_w16_b16_r8_w8.v
hw/generated/crc_engine_w16_crc32c.v
hw/generated/lz4_compress_par_l16_h14_b64_w65536_k4_e16_s2.v
hw/generated/lz4_decompress_w16_h65536_o65536.v
hw/generated/ec_stripe_enc_k8_m2_w16_b65809.v
hw/generated/ec_engine_k8_m2_w16_cauchy.v
hw/generated/ec_stripe_rec_k8_m2_w16_b65809.v
hw/generated/ec_engine_k8_m2_w16_runtime.v
hw/generated/queue_engine_q4_w16_r8_lz4_unlz4_ec8p2.v

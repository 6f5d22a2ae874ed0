// xts_enc_aes256_l4_unr_s4.f: its sources, paths from the directory the tools run in, e.g.
// verilator --lint-only -Wall -f hw/generated/xts_enc_aes256_l4_unr_s4.f
hw/generated/xts_enc_aes256_l4_unr_s4.v

// ec_stripe_rec_k8_m2_w16_b65809.f: its sources, paths from the directory the tools run in, e.g.
// verilator --lint-only -Wall -f hw/generated/ec_stripe_rec_k8_m2_w16_b65809.f
hw/lib/dpf_simple_ram.v
hw/lib/dpf_skid_buffer.v
hw/generated/ec_engine_k8_m2_w16_runtime.v
hw/generated/ec_stripe_rec_k8_m2_w16_b65809.v

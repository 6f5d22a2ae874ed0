// ec_engine_k10_m4_w64_runtime.f: its sources, paths from the directory the tools run in, e.g.
// verilator --lint-only -Wall -f hw/generated/ec_engine_k10_m4_w64_runtime.f
hw/lib/dpf_skid_buffer.v
hw/generated/ec_engine_k10_m4_w64_runtime.v

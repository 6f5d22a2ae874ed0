// dma_engine_w16_b16_r8_w8.f: its sources, paths from the directory the tools run in, e.g.
// verilator --lint-only -Wall -f hw/generated/dma_engine_w16_b16_r8_w8.f
hw/lib/dpf_skid_buffer.v
hw/generated/dma_engine_w16_b16_r8_w8.v

// crc_engine_w64_crc32c.f: its sources, paths from the directory the tools run in, e.g.
// verilator --lint-only -Wall -f hw/generated/crc_engine_w64_crc32c.f
hw/lib/dpf_skid_buffer.v
hw/generated/crc_engine_w64_crc32c.v

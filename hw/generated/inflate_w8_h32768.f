// inflate_w8_h32768.f: its sources, paths from the directory the tools run in, e.g.
// verilator --lint-only -Wall -f hw/generated/inflate_w8_h32768.f
hw/lib/dpf_skid_buffer.v
hw/generated/inflate_w8_h32768.v

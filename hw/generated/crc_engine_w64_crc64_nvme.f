// crc_engine_w64_crc64_nvme.f: its sources, paths from the directory the tools run in, e.g.
// verilator --lint-only -Wall -f hw/generated/crc_engine_w64_crc64_nvme.f
hw/lib/dpf_skid_buffer.v
hw/generated/crc_engine_w64_crc64_nvme.v

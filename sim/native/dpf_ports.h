// dpf_ports.h: moving little-endian byte arrays in and out of Verilator port types (CData..QData, VlWide),
// shared by the Node-API bridge (dpf_bridge.h) and the plain C++ benchmark testbench.
#pragma once

#include <cstdint>
#include <cstring>

#include "verilated.h"

namespace dpf {

// ---- Port value helpers: little-endian bytes <-> Verilator port types. `bits` is the port width; bits
// above it are written as zero, as Verilator requires of inputs.
template <typename T> inline void put(T& p, const uint8_t* b, int bits) {
  T v = 0;
  for (int i = 0; 8 * i < bits; i++) v |= T(b[i]) << (8 * i);
  if (bits < int(8 * sizeof(T))) v &= T((uint64_t(1) << bits) - 1);
  p = v;
}
template <std::size_t W> inline void put(VlWide<W>& p, const uint8_t* b, int bits) {
  std::memset(p.data(), 0, sizeof(EData) * W);
  std::memcpy(p.data(), b, (bits + 7) / 8);  // x86 is little-endian: words and bytes line up
  if (bits % 32) p.data()[bits / 32] &= (EData(1) << (bits % 32)) - 1;
}
template <typename T> inline void get(const T& p, uint8_t* b, int bits) {
  for (int i = 0; 8 * i < bits; i++) b[i] = uint8_t(uint64_t(p) >> (8 * i));
}
template <std::size_t W> inline void get(const VlWide<W>& p, uint8_t* b, int bits) { std::memcpy(b, p.data(), (bits + 7) / 8); }

}  // namespace dpf

// dpf_fuzz_judge.h: the fuzz harnesses' verdicts (sim/native/fuzz-harness.cpp.ejs). One input's result on the
// engine against the real library on the same input: LZ4 blocks against liblz4's LZ4_decompress_safe, raw
// deflate streams against zlib's inflate. The rules are the engine tests' (test/ref/lz4-hostile.ts
// compareWithLiblz4, test/ref/inflate-hostile.ts judge): an empty string when they agree, else what differs.
#pragma once

#include <lz4.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace dpf {

struct EngineResult {
  std::vector<uint8_t> output;
  int verdict = 0;         // 0 = accepted, else the engine's error code
  uint64_t consumed = 0;   // inflate only: input bytes the deflate data used
};

inline std::string fmt(const char* f, long long a = 0, long long b = 0, long long c = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, f, a, b, c);
  return buf;
}

// The first match whose offset the format refuses (0, or before the output's start), as parseFields and
// firstBadOffset in test/ref/lz4-hostile.ts read a block; -1 when there is none.
inline long firstBadLz4Offset(const uint8_t* b, size_t n) {
  size_t ip = 0;
  uint64_t op = 0;
  auto run = [&](uint64_t len) {
    if (len == 15)
      for (unsigned x = 255; x == 255 && ip < n; ip++) { x = b[ip]; len += x; }
    return len;
  };
  while (ip < n) {
    const uint8_t token = b[ip++];
    const uint64_t lit = run(token >> 4);
    ip += lit;
    op += lit;
    if (ip + 2 > n) return -1;
    const unsigned offset = b[ip] | (b[ip + 1] << 8);
    if (offset == 0 || offset > op) return offset;
    ip += 2;
    op += run(token & 15) + 4;
  }
  return -1;
}

// LZ4: both accept with the same output, or both refuse. The one allowed difference: a match at offset 0, which
// liblz4 writes as zeros and the engine refuses (verdict 2), the output before it the same.
inline std::string judgeLz4(const uint8_t* in, size_t n, const EngineResult& ours, size_t maxOutput) {
  static std::vector<char> lib;
  lib.resize(maxOutput + 1);
  const int got = LZ4_decompress_safe(reinterpret_cast<const char*>(in), lib.data(), int(n), int(maxOutput));
  if (ours.output.size() > maxOutput) return fmt("engine wrote %lld bytes, past its output bound %lld", ours.output.size(), maxOutput);
  if (got >= 0 && ours.verdict == 0) {
    if (size_t(got) != ours.output.size() || std::memcmp(lib.data(), ours.output.data(), got) != 0)
      return fmt("both accept, outputs differ (liblz4 %lld B, engine %lld B)", got, ours.output.size());
    return "";
  }
  if (got < 0 && ours.verdict != 0) return "";
  if (got >= 0 && ours.verdict == 2 && firstBadLz4Offset(in, n) == 0 && ours.output.size() <= size_t(got) &&
      std::memcmp(lib.data(), ours.output.data(), ours.output.size()) == 0)
    return "";  // the offset-0 class
  if (got >= 0) return fmt("liblz4 accepts (%lld B), engine verdict %lld", got, ours.verdict);
  return fmt("liblz4 refuses, engine accepts (%lld B)", ours.output.size());
}

// zlib raw inflate (as src/oracle/oracle.c): 0 decoded, 2 invalid or truncated, 3 output bound reached.
struct ZlibResult { int status; size_t produced; size_t consumed; };
inline ZlibResult zlibInflateRaw(const uint8_t* in, size_t n, std::vector<uint8_t>& out, size_t maxOutput) {
  static z_stream z;
  static bool ready = false;
  if (!ready) { std::memset(&z, 0, sizeof z); inflateInit2(&z, -15); ready = true; }
  else inflateReset(&z);
  out.resize(maxOutput + 1);
  z.next_in = const_cast<uint8_t*>(in); z.avail_in = uInt(n);
  z.next_out = out.data(); z.avail_out = uInt(maxOutput);
  z.total_in = z.total_out = 0;
  const int rc = inflate(&z, Z_FINISH);
  const ZlibResult r{rc == Z_STREAM_END ? 0 : rc == Z_BUF_ERROR && z.avail_out == 0 ? 3 : 2, size_t(z.total_out), size_t(z.total_in)};
  return r;
}

// Inflate: both accept with the same output and input used; both refuse (zlib: invalid or truncated; the
// engine: errors 1-6); or both stop at the output bound (zlib's buffer full, the engine's error 7). zlib calls a
// full buffer "too long" even when the stream breaks right there: then it is asked again with one byte more room.
inline std::string judgeInflate(const uint8_t* in, size_t n, const EngineResult& ours, size_t maxOutput) {
  static std::vector<uint8_t> lib;
  if (ours.output.size() > maxOutput) return fmt("engine wrote %lld bytes, past its output bound %lld", ours.output.size(), maxOutput);
  ZlibResult z = zlibInflateRaw(in, n, lib, maxOutput);
  if (z.status == 3 && ours.verdict != 7 && ours.output.size() == maxOutput) z = zlibInflateRaw(in, n, lib, maxOutput + 1);
  if (z.status == 2) return ours.verdict != 0 && ours.verdict != 7 ? "" : fmt("zlib refuses, engine verdict %lld", ours.verdict);
  if (z.status == 3) return ours.verdict == 7 ? "" : fmt("zlib passes the output bound, engine verdict %lld", ours.verdict);
  if (ours.verdict != 0) return fmt("zlib accepts (%lld B), engine verdict %lld", z.produced, ours.verdict);
  if (z.produced != ours.output.size() || std::memcmp(lib.data(), ours.output.data(), z.produced) != 0)
    return fmt("both accept, outputs differ (zlib %lld B, engine %lld B)", z.produced, ours.output.size());
  if (z.consumed != ours.consumed) return fmt("both accept, input used differs (zlib %lld B, engine %lld B)", z.consumed, ours.consumed);
  return "";
}

}  // namespace dpf

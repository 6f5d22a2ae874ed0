// dpuforge oracle helper: answers requests for real-library results (ISA-L today; zlib, liblz4 later) over
// stdin/stdout, so TypeScript tests can compare simulated hardware against an independent implementation.
//
// Framing (all integers little-endian):
//   request:  u32 op | u32 arg_len | u32 data_len | arg bytes | data bytes
//   response: u32 status (0 ok, else error) | u32 payload_len | payload
// Ops:
//   1 CRC        args: u32 fn, u64 seed         data: message        payload: u64 raw function result
//   2 CRC_BENCH  args: u32 fn, u32 min_ms       data: buffer         payload: u64 bytes, u64 nanoseconds
// fn numbers are listed in crc_fn below and mirrored in src/oracle/isal.ts.
// A status != 0 carries a text message as payload.
#define _POSIX_C_SOURCE 199309L
#include <isa-l/crc.h>
#include <isa-l/crc64.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { OP_CRC = 1, OP_CRC_BENCH = 2 };

static uint64_t crc_fn(uint32_t fn, uint64_t seed, const unsigned char *buf, uint64_t len, int *ok) {
  *ok = 1;
  switch (fn) {
    case 1: return crc32_iscsi((unsigned char *)buf, (int)len, (unsigned int)seed);
    case 2: return crc32_gzip_refl((uint32_t)seed, buf, len);
    case 3: return crc32_ieee((uint32_t)seed, buf, len);
    case 4: return crc16_t10dif((uint16_t)seed, buf, len);
    case 5: return crc64_ecma_refl(seed, buf, len);
    case 6: return crc64_ecma_norm(seed, buf, len);
    case 7: return crc64_iso_refl(seed, buf, len);
    case 8: return crc64_iso_norm(seed, buf, len);
    case 9: return crc64_jones_refl(seed, buf, len);
    case 10: return crc64_jones_norm(seed, buf, len);
    default: *ok = 0; return 0;
  }
}

static int read_full(void *dst, size_t n) {
  return fread(dst, 1, n, stdin) == n;
}

static void reply(uint32_t status, const void *payload, uint32_t len) {
  fwrite(&status, 4, 1, stdout);
  fwrite(&len, 4, 1, stdout);
  if (len) fwrite(payload, 1, len, stdout);
  fflush(stdout);
}

static void reply_error(const char *msg) {
  reply(1, msg, (uint32_t)strlen(msg));
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int main(void) {
  uint32_t header[3];
  unsigned char *buf = NULL;
  size_t cap = 0;
  while (read_full(header, sizeof header)) {
    uint32_t op = header[0], arg_len = header[1], data_len = header[2];
    size_t need = (size_t)arg_len + data_len;
    if (need > cap) {
      free(buf);
      cap = need + 64;
      buf = malloc(cap);
      if (!buf) { fprintf(stderr, "oracle: out of memory for %zu bytes\n", need); return 2; }
    }
    if (need && !read_full(buf, need)) { fprintf(stderr, "oracle: truncated request\n"); return 2; }
    const unsigned char *args = buf, *data = buf + arg_len;
    if (op == OP_CRC && arg_len == 12) {
      uint32_t fn; uint64_t seed; int ok;
      memcpy(&fn, args, 4); memcpy(&seed, args + 4, 8);
      uint64_t r = crc_fn(fn, seed, data, data_len, &ok);
      if (!ok) reply_error("unknown CRC function number"); else reply(0, &r, 8);
    } else if (op == OP_CRC_BENCH && arg_len == 8) {
      uint32_t fn, min_ms; int ok;
      memcpy(&fn, args, 4); memcpy(&min_ms, args + 4, 4);
      volatile uint64_t sink = 0;
      uint64_t bytes = 0, t0 = now_ns(), t1 = t0;
      do {
        for (int i = 0; i < 16; i++) { sink ^= crc_fn(fn, 0, data, data_len, &ok); bytes += data_len; }
        t1 = now_ns();
      } while (ok && t1 - t0 < (uint64_t)min_ms * 1000000ull);
      (void)sink;
      uint64_t out[2] = { bytes, t1 - t0 };
      if (!ok) reply_error("unknown CRC function number"); else reply(0, out, 16);
    } else {
      reply_error("unknown op or bad argument length");
    }
  }
  free(buf);
  return 0;
}

// dpuforge oracle helper: answers requests for real-library results (ISA-L today; zlib, liblz4 later) over
// stdin/stdout, so TypeScript tests can compare simulated hardware against an independent implementation.
//
// Framing (all integers little-endian):
//   request:  u32 op | u32 arg_len | u32 data_len | arg bytes | data bytes
//   response: u32 status (0 ok, else error) | u32 payload_len | payload
// Ops:
//   1 CRC        args: u32 fn, u64 seed         data: message        payload: u64 raw function result
//   2 CRC_BENCH  args: u32 fn, u32 min_ms       data: buffer         payload: u64 bytes, u64 nanoseconds
//   3 EC_ENCODE  args: u32 k, u32 rows, u32 len  data: rows*k coefficients, then k fragments of len bytes
//                payload: rows fragments of len bytes (ec_init_tables + ec_encode_data)
//   4 EC_MATRIX  args: u32 kind (0 rs, 1 cauchy), u32 k, u32 m    payload: (k+m)*k matrix from ISA-L
//   5 GF_INVERT  args: u32 n                     data: n*n matrix     payload: inverse (status 2: singular)
//   6 EC_BENCH   args: u32 k, u32 m, u32 len, u32 min_ms            payload: u64 source bytes, u64 nanoseconds
//                (Cauchy parity rows, k fragments of len bytes, m parity)
//   7 LZ4_COMPRESS    args: u32 mode (0 fast, 1 HC), i32 level (fast: acceleration; HC: level)
//                     data: input    payload: one LZ4 block (LZ4_compress_fast / LZ4_compress_HC)
//   8 LZ4_DECOMPRESS  args: u32 max_output   data: block    payload: output (status 2: LZ4_decompress_safe failed)
//   9 LZ4_BENCH       args: u32 mode, i32 level, u32 min_ms   data: input
//                     payload: u64 compress input bytes, u64 compress ns, u64 decompress output bytes, u64 decompress ns
//  10 ZLIB_COMPRESS   args: i32 level, i32 window_bits (-15 raw, 15 zlib, 31 gzip), i32 strategy
//                     data: input    payload: the compressed stream (deflateInit2 + deflate(Z_FINISH))
//  11 ZLIB_INFLATE    args: i32 window_bits, u32 max_output    data: stream
//                     payload: u32 bytes of input consumed, then the output (status 2: zlib rejected the stream
//                     or it ended before its final block; status 3: more than max_output bytes)
//  12 ZLIB_BENCH      args: i32 level, u32 min_ms   data: input (raw deflate)
//                     payload: u64 compress input bytes, u64 compress ns, u64 inflate output bytes, u64 inflate ns
// fn numbers are listed in crc_fn below and mirrored in src/oracle/isal.ts.
// A status != 0 carries a text message as payload.
#define _POSIX_C_SOURCE 199309L
#include <isa-l/crc.h>
#include <isa-l/crc64.h>
#include <isa-l/erasure_code.h>
#include <lz4.h>
#include <lz4hc.h>
#include <zlib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { OP_CRC = 1, OP_CRC_BENCH = 2, OP_EC_ENCODE = 3, OP_EC_MATRIX = 4, OP_GF_INVERT = 5, OP_EC_BENCH = 6,
       OP_LZ4_COMPRESS = 7, OP_LZ4_DECOMPRESS = 8, OP_LZ4_BENCH = 9,
       OP_ZLIB_COMPRESS = 10, OP_ZLIB_INFLATE = 11, OP_ZLIB_BENCH = 12 };

static int lz4_compress(uint32_t mode, int32_t level, const unsigned char *src, int n, unsigned char *dst, int cap) {
  return mode == 1 ? LZ4_compress_HC((const char *)src, (char *)dst, n, cap, level)
                   : LZ4_compress_fast((const char *)src, (char *)dst, n, cap, level);
}

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

// deflate a whole buffer; returns the compressed length or -1
static long zlib_compress(const unsigned char *src, size_t n, unsigned char **out, int level, int wbits, int strategy) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (deflateInit2(&z, level, Z_DEFLATED, wbits, 8, strategy) != Z_OK) return -1;
  size_t cap = deflateBound(&z, (uLong)n) + 64;
  *out = malloc(cap);
  z.next_in = (unsigned char *)src; z.avail_in = (uInt)n;
  z.next_out = *out; z.avail_out = (uInt)cap;
  int rc = deflate(&z, Z_FINISH);
  long len = rc == Z_STREAM_END ? (long)z.total_out : -1;
  deflateEnd(&z);
  return len;
}

// inflate; returns 0 ok, 2 invalid/truncated, 3 output bound; *consumed = input bytes used
static int zlib_inflate(const unsigned char *src, size_t n, unsigned char *out, size_t max_out, int wbits, size_t *produced, size_t *consumed) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (inflateInit2(&z, wbits) != Z_OK) return 2;
  z.next_in = (unsigned char *)src; z.avail_in = (uInt)n;
  z.next_out = out; z.avail_out = (uInt)max_out;
  int rc = inflate(&z, Z_FINISH);
  *produced = z.total_out; *consumed = z.total_in;
  int full = z.avail_out == 0;
  inflateEnd(&z);
  if (rc == Z_STREAM_END) return 0;
  if (rc == Z_BUF_ERROR && full) return 3;
  return 2;
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
    } else if (op == OP_EC_ENCODE && arg_len == 12) {
      uint32_t k, rows, len;
      memcpy(&k, args, 4); memcpy(&rows, args + 4, 4); memcpy(&len, args + 8, 4);
      if (k == 0 || rows == 0 || k > 255 || rows > 255 || (uint64_t)rows * k + (uint64_t)k * len != data_len) {
        reply_error("EC_ENCODE: data length does not match k, rows and len"); continue;
      }
      unsigned char *gftbls = malloc((size_t)32 * k * rows);
      unsigned char *out = malloc((size_t)rows * len + 1);
      unsigned char *src[255], *dst[255];
      for (uint32_t j = 0; j < k; j++) src[j] = (unsigned char *)data + (size_t)rows * k + (size_t)j * len;
      for (uint32_t r = 0; r < rows; r++) dst[r] = out + (size_t)r * len;
      ec_init_tables((int)k, (int)rows, (unsigned char *)data, gftbls);
      if (len) ec_encode_data((int)len, (int)k, (int)rows, gftbls, src, dst);
      reply(0, out, rows * len);
      free(gftbls); free(out);
    } else if (op == OP_EC_MATRIX && arg_len == 12) {
      uint32_t kind, k, m;
      memcpy(&kind, args, 4); memcpy(&k, args + 4, 4); memcpy(&m, args + 8, 4);
      if (k == 0 || m == 0 || k + m > 256) { reply_error("EC_MATRIX: need k, m >= 1 and k+m <= 256"); continue; }
      unsigned char *a = malloc((size_t)(k + m) * k);
      if (kind == 0) gf_gen_rs_matrix(a, (int)(k + m), (int)k); else gf_gen_cauchy1_matrix(a, (int)(k + m), (int)k);
      reply(0, a, (k + m) * k);
      free(a);
    } else if (op == OP_GF_INVERT && arg_len == 4) {
      uint32_t n;
      memcpy(&n, args, 4);
      if (n == 0 || (uint64_t)n * n != data_len) { reply_error("GF_INVERT: data is not n*n"); continue; }
      unsigned char *in = malloc((size_t)n * n), *out = malloc((size_t)n * n);
      memcpy(in, data, (size_t)n * n);
      if (gf_invert_matrix(in, out, (int)n) == 0) reply(0, out, n * n);
      else reply(2, "singular", 8);
      free(in); free(out);
    } else if (op == OP_EC_BENCH && arg_len == 16) {
      uint32_t k, m, len, min_ms;
      memcpy(&k, args, 4); memcpy(&m, args + 4, 4); memcpy(&len, args + 8, 4); memcpy(&min_ms, args + 12, 4);
      if (k == 0 || m == 0 || k + m > 256 || len == 0) { reply_error("EC_BENCH: bad k, m or len"); continue; }
      unsigned char *a = malloc((size_t)(k + m) * k), *gftbls = malloc((size_t)32 * k * m);
      unsigned char *buf = malloc((size_t)(k + m) * len);
      unsigned char *src[255], *dst[255];
      for (size_t i = 0; i < (size_t)(k + m) * len; i++) buf[i] = (unsigned char)(i * 2654435761u >> 13);
      for (uint32_t j = 0; j < k; j++) src[j] = buf + (size_t)j * len;
      for (uint32_t r = 0; r < m; r++) dst[r] = buf + (size_t)(k + r) * len;
      gf_gen_cauchy1_matrix(a, (int)(k + m), (int)k);
      ec_init_tables((int)k, (int)m, a + (size_t)k * k, gftbls);
      uint64_t bytes = 0, t0 = now_ns(), t1 = t0;
      do {
        for (int i = 0; i < 8; i++) { ec_encode_data((int)len, (int)k, (int)m, gftbls, src, dst); bytes += (uint64_t)k * len; }
        t1 = now_ns();
      } while (t1 - t0 < (uint64_t)min_ms * 1000000ull);
      uint64_t res[2] = { bytes, t1 - t0 };
      reply(0, res, 16);
      free(a); free(gftbls); free(buf);
    } else if (op == OP_LZ4_COMPRESS && arg_len == 8) {
      uint32_t mode; int32_t level;
      memcpy(&mode, args, 4); memcpy(&level, args + 4, 4);
      int cap = LZ4_compressBound((int)data_len);
      unsigned char *out = malloc((size_t)cap + 1);
      int n = lz4_compress(mode, level, data, (int)data_len, out, cap);
      if (n <= 0) reply_error("LZ4 compression failed"); else reply(0, out, (uint32_t)n);
      free(out);
    } else if (op == OP_LZ4_DECOMPRESS && arg_len == 4) {
      uint32_t max_out;
      memcpy(&max_out, args, 4);
      unsigned char *out = malloc((size_t)max_out + 1);
      int n = LZ4_decompress_safe((const char *)data, (char *)out, (int)data_len, (int)max_out);
      if (n < 0) reply(2, "invalid", 7); else reply(0, out, (uint32_t)n);
      free(out);
    } else if (op == OP_LZ4_BENCH && arg_len == 12) {
      uint32_t mode, min_ms; int32_t level;
      memcpy(&mode, args, 4); memcpy(&level, args + 4, 4); memcpy(&min_ms, args + 8, 4);
      int cap = LZ4_compressBound((int)data_len);
      unsigned char *comp = malloc((size_t)cap + 1), *back = malloc((size_t)data_len + 1);
      int n = 0;
      uint64_t cb = 0, db = 0, t0 = now_ns(), t1 = t0;
      do { n = lz4_compress(mode, level, data, (int)data_len, comp, cap); cb += data_len; t1 = now_ns(); }
      while (t1 - t0 < (uint64_t)min_ms * 1000000ull);
      uint64_t ct = t1 - t0;
      t0 = now_ns(); t1 = t0;
      do { LZ4_decompress_safe((const char *)comp, (char *)back, n, (int)data_len); db += data_len; t1 = now_ns(); }
      while (t1 - t0 < (uint64_t)min_ms * 1000000ull);
      uint64_t res[4] = { cb, ct, db, t1 - t0 };
      reply(0, res, 32);
      free(comp); free(back);
    } else if (op == OP_ZLIB_COMPRESS && arg_len == 12) {
      int32_t level, wbits, strategy;
      memcpy(&level, args, 4); memcpy(&wbits, args + 4, 4); memcpy(&strategy, args + 8, 4);
      unsigned char *out = NULL;
      long n = zlib_compress(data, data_len, &out, level, wbits, strategy);
      if (n < 0) reply_error("zlib deflate failed"); else reply(0, out, (uint32_t)n);
      free(out);
    } else if (op == OP_ZLIB_INFLATE && arg_len == 8) {
      int32_t wbits; uint32_t max_out;
      memcpy(&wbits, args, 4); memcpy(&max_out, args + 4, 4);
      unsigned char *out = malloc((size_t)max_out + 4);
      size_t produced = 0, consumed = 0;
      int st = zlib_inflate(data, data_len, out + 4, max_out, wbits, &produced, &consumed);
      uint32_t c32 = (uint32_t)consumed;
      memcpy(out, &c32, 4);
      if (st == 0) reply(0, out, (uint32_t)(produced + 4));
      else if (st == 3) reply(3, "output bound", 12);
      else reply(2, "invalid", 7);
      free(out);
    } else if (op == OP_ZLIB_BENCH && arg_len == 8) {
      int32_t level; uint32_t min_ms;
      memcpy(&level, args, 4); memcpy(&min_ms, args + 4, 4);
      unsigned char *comp = NULL, *back = malloc((size_t)data_len + 1);
      long n = 0;
      uint64_t cb = 0, db = 0, t0 = now_ns(), t1 = t0;
      do { free(comp); comp = NULL; n = zlib_compress(data, data_len, &comp, level, -15, Z_DEFAULT_STRATEGY); cb += data_len; t1 = now_ns(); }
      while (t1 - t0 < (uint64_t)min_ms * 1000000ull);
      uint64_t ct = t1 - t0;
      size_t produced, consumed;
      t0 = now_ns(); t1 = t0;
      do { zlib_inflate(comp, (size_t)n, back, data_len, -15, &produced, &consumed); db += data_len; t1 = now_ns(); }
      while (t1 - t0 < (uint64_t)min_ms * 1000000ull);
      uint64_t res[4] = { cb, ct, db, t1 - t0 };
      reply(0, res, 32);
      free(comp); free(back);
    } else {
      reply_error("unknown op or bad argument length");
    }
  }
  free(buf);
  return 0;
}

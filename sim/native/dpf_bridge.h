// dpf_bridge.h: the batched stream driver and its Node-API surface, shared by every Verilated design.
// A generated bridge.cpp (sim/native/bridge.cpp.ejs) defines DPF_TOP, the port binding struct `Ports` and
// the stream tables, then includes this file. One run() call drives whole batches of beats through the model
// (seeded input gaps, output backpressure) with no call back into JavaScript per cycle.
//
// Cycle protocol: inputs are set, the clock is low and the model evaluated (combinational outputs settle,
// VCD time 10c); handshakes are sampled; then the clock rises (VCD time 10c+5).
#pragma once

#include <node_api.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "dpf_axi_memory.h"
#include "dpf_ports.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_vcd_c.h"
#endif

namespace dpf {

struct StreamInfo {
  const char* prefix;
  int dataBytes;
  int keepBytes;  // 0 = no tkeep
  int userBytes;  // 0 = no tuser
  bool hasLast;
};

// Defined by the generated bridge.cpp for its design.
extern const StreamInfo* const IN_INFO;
extern const StreamInfo* const OUT_INFO;
extern const MemInfo* const MEM_INFO;
struct Ports {
  static void setClock(DPF_TOP* t, int v);
  static void setReset(DPF_TOP* t, int v);
  static void clearIn(DPF_TOP* t, int k);
  static void setInValid(DPF_TOP* t, int k, bool v);
  static void driveIn(DPF_TOP* t, int k, const uint8_t* data, const uint8_t* keep, bool last, const uint8_t* user);
  static bool inReady(DPF_TOP* t, int k);
  static void setOutReady(DPF_TOP* t, int k, bool r);
  static bool outReady(DPF_TOP* t, int k);
  static bool outValid(DPF_TOP* t, int k);
  static void readOut(DPF_TOP* t, int k, uint8_t* data, uint8_t* keep, bool* last, uint8_t* user);
  // AXI4 master port k: drive the slave's outputs, read the master's
  static void axiDrive(DPF_TOP* t, int k, const AxiSlaveOut& s);
  static void axiSample(DPF_TOP* t, int k, AxiMasterOut& m);
};

// ---- Deterministic PRNG (xorshift64*), the same sequence on every machine.
struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed ? seed : 0x9e3779b97f4a7c15ull) {}
  uint64_t next() { s ^= s >> 12; s ^= s << 25; s ^= s >> 27; return s * 0x2545f4914f6cdd1dull; }
  // true with probability thresh / 2^64
  bool below(uint64_t thresh) { return thresh && next() < thresh; }
};

struct InQueue {
  const uint8_t* data = nullptr;
  const uint8_t* keep = nullptr;
  const uint8_t* last = nullptr;
  const uint8_t* user = nullptr;
  size_t count = 0, next = 0;
  bool holding = false;      // tvalid is up with beat `next` (must stay up until accepted)
  bool lastReady = false;    // tready seen on the last cycle
  uint64_t gapThresh = 0;    // chance of an idle cycle before offering a beat
  uint64_t readyCycles = 0;  // cycles tready was high while we offered a beat (stats)
};

struct OutQueue {
  std::vector<uint8_t> data, keep, last, user;
  std::vector<double> cycle;
  uint64_t bpThresh = 0;  // chance of holding tready low on a cycle
  int64_t expectLast = -1;  // stop once this many tlast beats arrived (-1: unknown)
  int64_t gotLast = 0;
  bool lastValid = false;
};

enum Status { DONE = 0, STALLED = 1, MAX_CYCLES = 2 };

class Sim {
 public:
  Sim(uint64_t seed) : ctx_(new VerilatedContext) {
    ctx_->randReset(2);  // uninitialised registers start random: a missing reset shows up in tests
    ctx_->randSeed(int(seed & 0x7fffffff) | 1);
#if VM_TRACE
    ctx_->traceEverOn(true);
#endif
    top_.reset(new DPF_TOP(ctx_.get(), "top"));
    for (int k = 0; k < N_OUT; k++) Ports::setOutReady(top_.get(), k, false);
    for (int k = 0; k < N_IN; k++) Ports::clearIn(top_.get(), k);
    for (int k = 0; k < N_MEM; k++) {
      mems_.emplace_back(MEM_INFO[k].dataBytes);
      Ports::axiDrive(top_.get(), k, AxiSlaveOut());
    }
  }

  HostMemory* memory(int k) { return k >= 0 && k < N_MEM ? &mems_[k] : nullptr; }
  ~Sim() {
    traceClose();
    if (top_) top_->final();
  }

  void reset(int cycles) {
    Ports::setReset(top_.get(), 1);
    for (int k = 0; k < N_IN; k++) Ports::clearIn(top_.get(), k);
    for (int k = 0; k < N_OUT; k++) Ports::setOutReady(top_.get(), k, false);
    for (int k = 0; k < N_MEM; k++) {
      mems_[k].dropInFlight();
      Ports::axiDrive(top_.get(), k, AxiSlaveOut());
    }
    for (int i = 0; i < cycles; i++) tick();
    Ports::setReset(top_.get(), 0);
  }

  bool traceOpen(const char* path) {
#if VM_TRACE
    traceClose();
    tfp_.reset(new VerilatedVcdC);
    top_->trace(tfp_.get(), 99);
    tfp_->open(path);
    return tfp_->isOpen();
#else
    (void)path;
    return false;
#endif
  }
  void traceClose() {
#if VM_TRACE
    if (tfp_) { tfp_->close(); tfp_.reset(); }
#endif
  }

  uint64_t cycle() const { return cycle_; }

  // Drive the batch; returns a Status. `cyclesRun` counts this call's cycles.
  Status run(std::vector<InQueue>& ins, std::vector<OutQueue>& outs, uint64_t seed, uint64_t stallLimit,
             uint64_t maxCycles, uint64_t drainCycles, uint64_t& cyclesRun) {
    Rng rng(seed);
    DPF_TOP* t = top_.get();
    uint64_t idle = 0;
    cyclesRun = 0;
    AxiSlaveOut slave[N_MEM > 0 ? N_MEM : 1];
    for (int k = 0; k < N_MEM; k++) mems_[k].beginRun();
    for (;;) {
      // Offer input beats (a gap is decided only while no beat is held: AXI keeps tvalid up once raised).
      for (int k = 0; k < N_IN; k++) {
        InQueue& q = ins[k];
        if (!q.holding && q.next < q.count && !rng.below(q.gapThresh)) q.holding = true;
        if (q.holding) {
          const size_t i = q.next;
          Ports::driveIn(t, k, q.data + i * IN_INFO[k].dataBytes,
                         q.keep ? q.keep + i * IN_INFO[k].keepBytes : nullptr,
                         q.last ? q.last[i] != 0 : false,
                         q.user ? q.user + i * IN_INFO[k].userBytes : nullptr);
        } else {
          Ports::setInValid(t, k, false);
        }
      }
      for (int k = 0; k < N_OUT; k++) Ports::setOutReady(t, k, !rng.below(outs[k].bpThresh));
      for (int k = 0; k < N_MEM; k++) {
        slave[k] = AxiSlaveOut();
        mems_[k].drive(cycle_, slave[k]);
        Ports::axiDrive(t, k, slave[k]);
      }

      Ports::setClock(t, 0);
      t->eval();
#if VM_TRACE
      if (tfp_) tfp_->dump(10 * cycle_);
#endif
      bool progress = false;
      for (int k = 0; k < N_IN; k++) {
        InQueue& q = ins[k];
        q.lastReady = Ports::inReady(t, k);
        if (q.holding && q.lastReady) { q.holding = false; q.next++; progress = true; }
      }
      for (int k = 0; k < N_OUT; k++) {
        OutQueue& q = outs[k];
        q.lastValid = Ports::outValid(t, k);
        if (q.lastValid && Ports::outReady(t, k)) {
          const StreamInfo& info = OUT_INFO[k];
          size_t at = q.data.size();
          q.data.resize(at + info.dataBytes);
          uint8_t* keep = nullptr;
          uint8_t* user = nullptr;
          if (info.keepBytes) { size_t a = q.keep.size(); q.keep.resize(a + info.keepBytes); keep = &q.keep[a]; }
          if (info.userBytes) { size_t a = q.user.size(); q.user.resize(a + info.userBytes); user = &q.user[a]; }
          bool last = false;
          Ports::readOut(t, k, &q.data[at], keep, &last, user);
          q.last.push_back(last ? 1 : 0);
          q.cycle.push_back(double(cycle_));
          if (last) q.gotLast++;
          progress = true;
        }
      }
      for (int k = 0; k < N_MEM; k++) {
        AxiMasterOut m;
        Ports::axiSample(t, k, m);
        if (mems_[k].sample(cycle_, m, slave[k])) progress = true;
      }
      Ports::setClock(t, 1);
      t->eval();
#if VM_TRACE
      if (tfp_) tfp_->dump(10 * cycle_ + 5);
#endif
      cycle_++;
      cyclesRun++;

      bool inputsDone = true;
      for (int k = 0; k < N_IN; k++) inputsDone = inputsDone && ins[k].next >= ins[k].count;
      bool outputsDone = true;
      bool outputsKnown = true;
      for (int k = 0; k < N_OUT; k++) {
        if (outs[k].expectLast < 0) outputsKnown = false;
        else outputsDone = outputsDone && outs[k].gotLast >= outs[k].expectLast;
      }
      idle = progress ? 0 : idle + 1;
      if (inputsDone && outputsKnown && outputsDone) return DONE;
      if (inputsDone && !outputsKnown && idle >= drainCycles) return DONE;
      if (idle >= stallLimit) return STALLED;
      if (cyclesRun >= maxCycles) return MAX_CYCLES;
    }
  }

 private:
  void tick() {
    Ports::setClock(top_.get(), 0);
    top_->eval();
#if VM_TRACE
    if (tfp_) tfp_->dump(10 * cycle_);
#endif
    Ports::setClock(top_.get(), 1);
    top_->eval();
#if VM_TRACE
    if (tfp_) tfp_->dump(10 * cycle_ + 5);
#endif
    cycle_++;
  }

  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<DPF_TOP> top_;
#if VM_TRACE
  std::unique_ptr<VerilatedVcdC> tfp_;
#endif
  uint64_t cycle_ = 0;
  std::vector<HostMemory> mems_;
};

// ---- Node-API surface --------------------------------------------------------------------------------

#define DPF_CALL(env, call)                                                        \
  do {                                                                             \
    if ((call) != napi_ok) {                                                       \
      napi_throw_error(env, "DPF_NAPI", "dpuforge bridge: Node-API call failed: " #call); \
      return nullptr;                                                              \
    }                                                                              \
  } while (0)

inline napi_value throwError(napi_env env, const std::string& msg) {
  napi_throw_error(env, "DPF_BRIDGE", msg.c_str());
  return nullptr;
}

inline bool getProp(napi_env env, napi_value obj, const char* name, napi_value* out) {
  bool has = false;
  if (napi_has_named_property(env, obj, name, &has) != napi_ok || !has) return false;
  if (napi_get_named_property(env, obj, name, out) != napi_ok) return false;
  napi_valuetype t;
  napi_typeof(env, *out, &t);
  return t != napi_undefined && t != napi_null;
}

inline double getNumber(napi_env env, napi_value obj, const char* name, double dflt) {
  napi_value v;
  double d = dflt;
  if (getProp(env, obj, name, &v)) napi_get_value_double(env, v, &d);
  return d;
}

// A Uint8Array property: data pointer and length, or nullptr when absent.
inline const uint8_t* getBytes(napi_env env, napi_value obj, const char* name, size_t* len) {
  napi_value v;
  *len = 0;
  if (!getProp(env, obj, name, &v)) return nullptr;
  bool isTa = false;
  napi_is_typedarray(env, v, &isTa);
  if (!isTa) return nullptr;
  napi_typedarray_type type;
  void* data = nullptr;
  napi_value ab;
  size_t off;
  napi_get_typedarray_info(env, v, &type, len, &data, &ab, &off);
  return type == napi_uint8_array ? static_cast<const uint8_t*>(data) : nullptr;
}

inline uint64_t probToThresh(double p) {
  if (!(p > 0)) return 0;
  if (p >= 1) return ~0ull;
  return uint64_t(p * 18446744073709551616.0);
}

inline Sim* unwrap(napi_env env, napi_value v) {
  void* p = nullptr;
  if (napi_get_value_external(env, v, &p) != napi_ok || !p) return nullptr;
  return *static_cast<Sim**>(p);
}

inline napi_value makeBuffer(napi_env env, const void* data, size_t len) {
  napi_value ab, ta;
  void* dst = nullptr;
  napi_create_arraybuffer(env, len, &dst, &ab);
  if (len) std::memcpy(dst, data, len);
  napi_create_typedarray(env, napi_uint8_array, len, ab, 0, &ta);
  return ta;
}

// create(seed) -> handle
inline napi_value jsCreate(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  DPF_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  double seed = 1;
  if (argc >= 1) napi_get_value_double(env, argv[0], &seed);
  Sim** box = new Sim*(new Sim(uint64_t(seed)));
  napi_value ext;
  DPF_CALL(env, napi_create_external(env, box, [](napi_env, void* data, void*) {
    Sim** b = static_cast<Sim**>(data);
    delete *b;
    delete b;
  }, nullptr, &ext));
  return ext;
}

// destroy(handle): free the model now (closing any trace) instead of at garbage collection.
inline napi_value jsDestroy(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  DPF_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  void* p = nullptr;
  if (argc < 1 || napi_get_value_external(env, argv[0], &p) != napi_ok || !p) return throwError(env, "destroy: not a model handle");
  Sim** box = static_cast<Sim**>(p);
  delete *box;
  *box = nullptr;
  return nullptr;
}

inline napi_value jsReset(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  DPF_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  Sim* s = argc >= 1 ? unwrap(env, argv[0]) : nullptr;
  if (!s) return throwError(env, "reset: model handle is closed or invalid");
  int32_t cycles = 4;
  if (argc >= 2) napi_get_value_int32(env, argv[1], &cycles);
  s->reset(cycles);
  return nullptr;
}

inline napi_value jsTraceOpen(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  DPF_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  Sim* s = argc >= 2 ? unwrap(env, argv[0]) : nullptr;
  if (!s) return throwError(env, "traceOpen: model handle is closed or invalid");
  char path[4096];
  size_t n = 0;
  DPF_CALL(env, napi_get_value_string_utf8(env, argv[1], path, sizeof path, &n));
  napi_value r;
  napi_get_boolean(env, s->traceOpen(path), &r);
  return r;
}

inline napi_value jsTraceClose(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  DPF_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  Sim* s = argc >= 1 ? unwrap(env, argv[0]) : nullptr;
  if (s) s->traceClose();
  return nullptr;
}

// memory(handle, k) or a thrown error
inline HostMemory* memoryArg(napi_env env, napi_value* argv, size_t argc, const char* fn) {
  Sim* s = argc >= 2 ? unwrap(env, argv[0]) : nullptr;
  if (!s) { throwError(env, std::string(fn) + ": model handle is closed or invalid"); return nullptr; }
  int32_t k = -1;
  napi_get_value_int32(env, argv[1], &k);
  HostMemory* m = s->memory(k);
  if (!m) throwError(env, std::string(fn) + ": no AXI memory port " + std::to_string(k));
  return m;
}

// memResize(handle, k, bytes): the host memory's size (new bytes are zero)
inline napi_value jsMemResize(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  DPF_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  HostMemory* m = memoryArg(env, argv, argc, "memResize");
  if (!m) return nullptr;
  double n = 0;
  if (argc >= 3) napi_get_value_double(env, argv[2], &n);
  m->bytes.resize(size_t(n));
  return nullptr;
}

// memWrite(handle, k, addr, Uint8Array)
inline napi_value jsMemWrite(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  DPF_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  HostMemory* m = memoryArg(env, argv, argc, "memWrite");
  if (!m) return nullptr;
  double addr = 0;
  if (argc >= 3) napi_get_value_double(env, argv[2], &addr);
  void* data = nullptr;
  size_t len = 0;
  napi_typedarray_type type;
  napi_value ab;
  size_t off;
  if (argc < 4 || napi_get_typedarray_info(env, argv[3], &type, &len, &data, &ab, &off) != napi_ok || type != napi_uint8_array)
    return throwError(env, "memWrite: expected a Uint8Array");
  if (addr < 0 || uint64_t(addr) + len > m->bytes.size()) return throwError(env, "memWrite: range outside the host memory");
  if (len) std::memcpy(&m->bytes[size_t(addr)], data, len);
  return nullptr;
}

// memRead(handle, k, addr, len) -> Uint8Array
inline napi_value jsMemRead(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  DPF_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  HostMemory* m = memoryArg(env, argv, argc, "memRead");
  if (!m) return nullptr;
  double addr = 0, len = 0;
  if (argc >= 4) { napi_get_value_double(env, argv[2], &addr); napi_get_value_double(env, argv[3], &len); }
  if (addr < 0 || len < 0 || uint64_t(addr) + uint64_t(len) > m->bytes.size()) return throwError(env, "memRead: range outside the host memory");
  return makeBuffer(env, len ? &m->bytes[size_t(addr)] : nullptr, size_t(len));
}

// memFaults(handle, k, errors[{addr, length, readResp, writeResp}], flips[{addr, mask}]): replace the injected faults
inline napi_value jsMemFaults(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  DPF_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  HostMemory* m = memoryArg(env, argv, argc, "memFaults");
  if (!m) return nullptr;
  bool isArr = false;
  if (argc < 4 || napi_is_array(env, argv[2], &isArr) != napi_ok || !isArr || napi_is_array(env, argv[3], &isArr) != napi_ok || !isArr)
    return throwError(env, "memFaults: expected (handle, k, errors[], flips[])");
  std::vector<ErrorRule> errors;
  std::vector<BitFlip> flips;
  uint32_t n = 0;
  napi_get_array_length(env, argv[2], &n);
  for (uint32_t i = 0; i < n; i++) {
    napi_value o;
    napi_get_element(env, argv[2], i, &o);
    errors.push_back({uint64_t(getNumber(env, o, "addr", 0)), uint64_t(getNumber(env, o, "length", 0)),
                      uint8_t(getNumber(env, o, "readResp", 0)), uint8_t(getNumber(env, o, "writeResp", 0))});
  }
  napi_get_array_length(env, argv[3], &n);
  for (uint32_t i = 0; i < n; i++) {
    napi_value o;
    napi_get_element(env, argv[3], i, &o);
    flips.push_back({uint64_t(getNumber(env, o, "addr", 0)), uint8_t(getNumber(env, o, "mask", 0))});
  }
  m->errorRules = std::move(errors);
  m->bitFlips = std::move(flips);
  return nullptr;
}

// run(handle, ins[], outs[], opts) -> { status, cycles, endCycle, outs: [...], ins: [...], mems: [...] }
inline napi_value jsRun(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  DPF_CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc < 4) return throwError(env, "run: expected (handle, inputs, outputs, options)");
  Sim* s = unwrap(env, argv[0]);
  if (!s) return throwError(env, "run: model handle is closed or invalid");

  std::vector<InQueue> ins(N_IN);
  for (int k = 0; k < N_IN; k++) {
    napi_value o;
    DPF_CALL(env, napi_get_element(env, argv[1], k, &o));
    const StreamInfo& si = IN_INFO[k];
    InQueue& q = ins[k];
    size_t n = 0, nk = 0, nl = 0, nu = 0;
    q.count = size_t(getNumber(env, o, "count", 0));
    q.data = getBytes(env, o, "data", &n);
    q.keep = getBytes(env, o, "keep", &nk);
    q.last = getBytes(env, o, "last", &nl);
    q.user = getBytes(env, o, "user", &nu);
    q.gapThresh = probToThresh(getNumber(env, o, "gap", 0));
    if (q.count && (!q.data || n < q.count * si.dataBytes))
      return throwError(env, std::string("run: ") + si.prefix + ".data holds fewer than count beats");
    if (q.keep && nk < q.count * si.keepBytes) return throwError(env, std::string("run: ") + si.prefix + ".keep is short");
    if (q.last && nl < q.count) return throwError(env, std::string("run: ") + si.prefix + ".last is short");
    if (q.user && nu < q.count * si.userBytes) return throwError(env, std::string("run: ") + si.prefix + ".user is short");
  }
  std::vector<OutQueue> outs(N_OUT);
  for (int k = 0; k < N_OUT; k++) {
    napi_value o;
    DPF_CALL(env, napi_get_element(env, argv[2], k, &o));
    outs[k].bpThresh = probToThresh(getNumber(env, o, "backpressure", 0));
    outs[k].expectLast = int64_t(getNumber(env, o, "expectLast", -1));
  }
  napi_value memOpts;
  const bool haveMemOpts = getProp(env, argv[3], "mems", &memOpts);
  for (int k = 0; k < N_MEM; k++) {
    HostMemory* m = s->memory(k);
    napi_value o;
    if (!haveMemOpts || napi_get_element(env, memOpts, k, &o) != napi_ok) continue;
    napi_valuetype ty;
    napi_typeof(env, o, &ty);
    if (ty != napi_object) continue;
    m->cfg.readLatency = uint64_t(getNumber(env, o, "readLatency", double(m->cfg.readLatency)));
    m->cfg.writeLatency = uint64_t(getNumber(env, o, "writeLatency", double(m->cfg.writeLatency)));
    m->cfg.bytesPerCycle = getNumber(env, o, "bytesPerCycle", m->cfg.bytesPerCycle);
    m->cfg.maxReads = size_t(getNumber(env, o, "maxReads", double(m->cfg.maxReads)));
    m->cfg.maxWrites = size_t(getNumber(env, o, "maxWrites", double(m->cfg.maxWrites)));
  }
  const double seed = getNumber(env, argv[3], "seed", 1);
  const double stallLimit = getNumber(env, argv[3], "stallLimit", 10000);
  const double maxCycles = getNumber(env, argv[3], "maxCycles", 1e15);
  const double drainCycles = getNumber(env, argv[3], "drainCycles", 100);

  uint64_t cycles = 0;
  const uint64_t start = s->cycle();
  Status st = s->run(ins, outs, uint64_t(seed), uint64_t(stallLimit), uint64_t(maxCycles), uint64_t(drainCycles), cycles);

  napi_value res, v, arr;
  DPF_CALL(env, napi_create_object(env, &res));
  napi_create_int32(env, int(st), &v);
  napi_set_named_property(env, res, "status", v);
  napi_create_double(env, double(cycles), &v);
  napi_set_named_property(env, res, "cycles", v);
  napi_create_double(env, double(start), &v);
  napi_set_named_property(env, res, "startCycle", v);
  napi_create_array_with_length(env, N_OUT, &arr);
  for (int k = 0; k < N_OUT; k++) {
    OutQueue& q = outs[k];
    napi_value o, c;
    napi_create_object(env, &o);
    napi_set_named_property(env, o, "data", makeBuffer(env, q.data.data(), q.data.size()));
    napi_set_named_property(env, o, "keep", makeBuffer(env, q.keep.data(), q.keep.size()));
    napi_set_named_property(env, o, "last", makeBuffer(env, q.last.data(), q.last.size()));
    napi_set_named_property(env, o, "user", makeBuffer(env, q.user.data(), q.user.size()));
    napi_value ab;
    void* dst = nullptr;
    napi_create_arraybuffer(env, q.cycle.size() * sizeof(double), &dst, &ab);
    if (!q.cycle.empty()) std::memcpy(dst, q.cycle.data(), q.cycle.size() * sizeof(double));
    napi_create_typedarray(env, napi_float64_array, q.cycle.size(), ab, 0, &c);
    napi_set_named_property(env, o, "cycle", c);
    napi_create_double(env, double(q.last.size()), &v);
    napi_set_named_property(env, o, "count", v);
    napi_get_boolean(env, q.lastValid, &v);
    napi_set_named_property(env, o, "validAtEnd", v);
    napi_set_element(env, arr, k, o);
  }
  napi_set_named_property(env, res, "outs", arr);
  napi_create_array_with_length(env, N_IN, &arr);
  for (int k = 0; k < N_IN; k++) {
    napi_value o;
    napi_create_object(env, &o);
    napi_create_double(env, double(ins[k].next), &v);
    napi_set_named_property(env, o, "accepted", v);
    napi_get_boolean(env, ins[k].lastReady, &v);
    napi_set_named_property(env, o, "readyAtEnd", v);
    napi_set_element(env, arr, k, o);
  }
  napi_set_named_property(env, res, "ins", arr);
  napi_create_array_with_length(env, N_MEM, &arr);
  for (int k = 0; k < N_MEM; k++) {
    HostMemory* m = s->memory(k);
    napi_value o, list;
    napi_create_object(env, &o);
    const std::pair<const char*, double> nums[] = {
        {"readBursts", double(m->stats.readBursts)}, {"readBeats", double(m->stats.readBeats)},
        {"writeBursts", double(m->stats.writeBursts)}, {"writeBeats", double(m->stats.writeBeats)},
        {"maxReadsInFlight", double(m->stats.maxReadsInFlight)}, {"readsInFlight", double(m->readsInFlight())},
        {"writesInFlight", double(m->writesInFlight())}, {"readErrors", double(m->stats.readErrors)},
        {"writeErrors", double(m->stats.writeErrors)}, {"flippedBeats", double(m->stats.flippedBeats)}};
    for (const auto& kv : nums) {
      napi_create_double(env, kv.second, &v);
      napi_set_named_property(env, o, kv.first, v);
    }
    napi_create_array_with_length(env, m->violations.size(), &list);
    for (size_t i = 0; i < m->violations.size(); i++) {
      napi_create_string_utf8(env, m->violations[i].c_str(), m->violations[i].size(), &v);
      napi_set_element(env, list, uint32_t(i), v);
    }
    napi_set_named_property(env, o, "violations", list);
    napi_set_element(env, arr, k, o);
  }
  napi_set_named_property(env, res, "mems", arr);
  return res;
}

inline napi_value init(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
      {"create", nullptr, jsCreate, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"destroy", nullptr, jsDestroy, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"reset", nullptr, jsReset, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"run", nullptr, jsRun, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"traceOpen", nullptr, jsTraceOpen, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"traceClose", nullptr, jsTraceClose, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"memResize", nullptr, jsMemResize, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"memWrite", nullptr, jsMemWrite, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"memRead", nullptr, jsMemRead, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"memFaults", nullptr, jsMemFaults, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  napi_value v;
  napi_get_boolean(env, VM_TRACE != 0, &v);
  napi_set_named_property(env, exports, "traceable", v);
  return exports;
}

}  // namespace dpf

NAPI_MODULE_INIT() { return dpf::init(env, exports); }

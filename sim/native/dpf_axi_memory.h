// dpf_axi_memory.h: host memory behind an AXI4 slave, for designs with an AXI4 master port (DMA). Part of the
// batched bridge (dpf_bridge.h): each cycle drive() sets the slave's outputs from its state before the model
// is evaluated, and sample() takes the handshakes after. Reads return data readLatency cycles after their
// address is accepted, in order; writes are answered writeLatency cycles after their last data beat. A
// bytes-per-cycle budget per direction models link bandwidth, and caps on bursts in flight model the host's
// outstanding-request limits. Bursts are checked against what our masters must do (INCR, full-width beats,
// aligned start, no 4 KiB crossing, wlast on the last beat): a violation is recorded with its cycle and
// reported by the run. Bytes outside the memory answer DECERR (reads return zeros, writes are dropped).
// Injected faults (set from the host, kept until replaced): a burst touching an error rule's range answers its
// response (SLVERR 2 or DECERR 3) with the same effect; a bit flip changes that bit of every read beat covering
// its byte (the contents stay). With no rule set the checks are skipped.
#pragma once

#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

namespace dpf {

constexpr int AXI_MAX_BYTES = 128;

struct MemInfo {
  const char* prefix;
  int dataBytes;
};

// Slave -> master signals for one cycle.
struct AxiSlaveOut {
  bool arready = false, rvalid = false, rlast = false, awready = false, wready = false, bvalid = false;
  uint32_t rid = 0, bid = 0;
  uint8_t rresp = 0, bresp = 0;
  uint8_t rdata[AXI_MAX_BYTES] = {};
};

// Master -> slave signals for one cycle.
struct AxiMasterOut {
  bool arvalid = false, rready = false, awvalid = false, wvalid = false, wlast = false, bready = false;
  uint32_t arid = 0, awid = 0;
  uint64_t araddr = 0, awaddr = 0;
  uint32_t arlen = 0, arsize = 0, arburst = 0, awlen = 0, awsize = 0, awburst = 0;
  uint8_t wdata[AXI_MAX_BYTES] = {};
  uint8_t wstrb[AXI_MAX_BYTES / 8] = {};
};

struct MemConfig {
  uint64_t readLatency = 20;
  uint64_t writeLatency = 20;
  double bytesPerCycle = 1e18;  // per direction
  size_t maxReads = 16;         // read bursts accepted and not yet fully returned
  size_t maxWrites = 16;        // write bursts accepted and not yet answered
};

struct MemStats {
  uint64_t readBursts = 0, readBeats = 0, writeBursts = 0, writeBeats = 0, maxReadsInFlight = 0;
  uint64_t readErrors = 0, writeErrors = 0, flippedBeats = 0;  // bursts answered an error; read beats with a flip
};

// An injected fault: bursts touching [addr, addr + length) answer readResp / writeResp (0 = no error).
struct ErrorRule {
  uint64_t addr, length;
  uint8_t readResp, writeResp;
};

// An injected fault: read beats covering byte addr return it with these bits flipped.
struct BitFlip {
  uint64_t addr;
  uint8_t mask;
};

class HostMemory {
 public:
  explicit HostMemory(int dataBytes) : dataBytes_(dataBytes) {
    for (int b = dataBytes; b > 1; b >>= 1) sizeLog2_++;
  }

  std::vector<uint8_t> bytes;
  MemConfig cfg;
  MemStats stats;
  std::vector<std::string> violations;
  std::vector<ErrorRule> errorRules;
  std::vector<BitFlip> bitFlips;

  // What a reset of the design leaves: the requests in flight are gone; contents and settings stay.
  void dropInFlight() {
    reads_.clear();
    writes_.clear();
    resps_.clear();
    rHolding_ = bHolding_ = false;
    rTokens_ = wTokens_ = 0;
  }

  void beginRun() {
    stats = MemStats();
    violations.clear();
  }

  size_t readsInFlight() const { return reads_.size(); }
  size_t writesInFlight() const { return writes_.size() + resps_.size(); }

  void drive(uint64_t now, AxiSlaveOut& o) {
    const double cap = double(dataBytes_) + cfg.bytesPerCycle;
    rTokens_ = rTokens_ + cfg.bytesPerCycle > cap ? cap : rTokens_ + cfg.bytesPerCycle;
    wTokens_ = wTokens_ + cfg.bytesPerCycle > cap ? cap : wTokens_ + cfg.bytesPerCycle;
    if (!rHolding_ && !reads_.empty() && reads_.front().readyAt <= now && rTokens_ >= dataBytes_) {
      Burst& r = reads_.front();
      const uint64_t addr = r.addr + uint64_t(r.done) * dataBytes_;
      if (!r.resp) std::memcpy(rbuf_, &bytes[addr], dataBytes_);
      else std::memset(rbuf_, 0, dataBytes_);
      if (!r.resp && !bitFlips.empty()) flip(addr);
      rHolding_ = true;
      rTokens_ -= dataBytes_;
    }
    o.rvalid = rHolding_;
    if (rHolding_) {
      const Burst& r = reads_.front();
      o.rid = r.id;
      o.rresp = r.resp;
      o.rlast = r.done + 1 == r.beats;
      std::memcpy(o.rdata, rbuf_, dataBytes_);
    }
    o.arready = reads_.size() < cfg.maxReads;
    o.awready = writes_.size() + resps_.size() < cfg.maxWrites;
    o.wready = !writes_.empty() && wTokens_ >= dataBytes_;
    if (!bHolding_ && !resps_.empty() && resps_.front().readyAt <= now) bHolding_ = true;
    o.bvalid = bHolding_;
    if (bHolding_) {
      o.bid = resps_.front().id;
      o.bresp = resps_.front().resp;
    }
  }

  // Returns true when any handshake happened.
  bool sample(uint64_t now, const AxiMasterOut& m, const AxiSlaveOut& o) {
    bool progress = false;
    if (o.rvalid && m.rready) {
      Burst& r = reads_.front();
      rHolding_ = false;
      stats.readBeats++;
      if (++r.done == r.beats) reads_.pop_front();
      progress = true;
    }
    if (m.wvalid && o.wready) {
      Burst& w = writes_.front();
      const uint64_t addr = w.addr + uint64_t(w.done) * dataBytes_;
      if (!w.resp) {
        for (int i = 0; i < dataBytes_; i++)
          if (m.wstrb[i / 8] >> (i % 8) & 1) bytes[addr + i] = m.wdata[i];
      }
      if (m.wlast != (w.done + 1 == w.beats)) violate(now, "wlast " + std::string(m.wlast ? "high" : "low") + " on beat " + std::to_string(w.done + 1) + " of a " + std::to_string(w.beats) + "-beat write burst");
      wTokens_ -= dataBytes_;
      stats.writeBeats++;
      if (++w.done == w.beats) {
        resps_.push_back({w.id, w.addr, w.beats, 0, now + cfg.writeLatency, w.resp});
        writes_.pop_front();
      }
      progress = true;
    }
    if (o.bvalid && m.bready) {
      resps_.pop_front();
      bHolding_ = false;
      progress = true;
    }
    if (m.arvalid && o.arready) {
      reads_.push_back(accept(now, "read", m.arid, m.araddr, m.arlen, m.arsize, m.arburst, cfg.readLatency));
      stats.readBursts++;
      if (reads_.size() > stats.maxReadsInFlight) stats.maxReadsInFlight = reads_.size();
      progress = true;
    }
    if (m.awvalid && o.awready) {
      writes_.push_back(accept(now, "write", m.awid, m.awaddr, m.awlen, m.awsize, m.awburst, 0));
      stats.writeBursts++;
      progress = true;
    }
    return progress;
  }

 private:
  struct Burst {
    uint32_t id;
    uint64_t addr;
    uint32_t beats, done;
    uint64_t readyAt;
    uint8_t resp;  // 0 OKAY; 3 DECERR for bytes outside the memory; else an injected rule's answer
  };

  // The response an injected rule gives a burst over [addr, addr + span) (0: none; the first rule that matches).
  uint8_t injected(uint64_t addr, uint64_t span, bool write) const {
    for (const ErrorRule& e : errorRules) {
      const uint8_t resp = write ? e.writeResp : e.readResp;
      if (resp && addr < e.addr + e.length && e.addr < addr + span) return resp;
    }
    return 0;
  }

  void flip(uint64_t addr) {
    bool hit = false;
    for (const BitFlip& f : bitFlips) {
      if (f.addr >= addr && f.addr < addr + uint64_t(dataBytes_)) {
        rbuf_[f.addr - addr] ^= f.mask;
        hit = true;
      }
    }
    if (hit) stats.flippedBeats++;
  }

  void violate(uint64_t now, const std::string& what) {
    if (violations.size() < 20) violations.push_back("cycle " + std::to_string(now) + ": " + what);
  }

  Burst accept(uint64_t now, const char* kind, uint32_t id, uint64_t addr, uint32_t len, uint32_t size, uint32_t burst, uint64_t latency) {
    const uint32_t beats = len + 1;
    const uint64_t span = uint64_t(beats) * dataBytes_;
    const std::string what = std::string(kind) + " burst at 0x" + hex(addr) + " (" + std::to_string(beats) + " beats)";
    if (burst != 1) violate(now, what + ": burst type " + std::to_string(burst) + ", expected INCR (1)");
    if (int(size) != sizeLog2_) violate(now, what + ": size " + std::to_string(size) + ", expected " + std::to_string(sizeLog2_) + " (full-width beats)");
    if (addr % dataBytes_) violate(now, what + ": start not aligned to the " + std::to_string(dataBytes_) + "-byte bus");
    if ((addr & 4095) + span > 4096) violate(now, what + ": crosses a 4 KiB boundary");
    const bool inside = addr + span <= bytes.size() && addr + span >= addr;
    const bool write = kind[0] == 'w';
    const uint8_t resp = !inside ? 3 : errorRules.empty() ? 0 : injected(addr, span, write);
    if (resp) (write ? stats.writeErrors : stats.readErrors)++;
    return {id, addr, beats, 0, now + latency, resp};
  }

  static std::string hex(uint64_t v) {
    char b[20];
    std::snprintf(b, sizeof b, "%llx", static_cast<unsigned long long>(v));
    return b;
  }

  int dataBytes_;
  int sizeLog2_ = 0;
  std::deque<Burst> reads_, writes_, resps_;
  bool rHolding_ = false, bHolding_ = false;
  uint8_t rbuf_[AXI_MAX_BYTES] = {};
  double rTokens_ = 0, wTokens_ = 0;
};

}  // namespace dpf

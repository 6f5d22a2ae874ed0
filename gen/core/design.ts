// What a generator produces: Verilog files, the top module's name, and a description of its ports that the
// simulation bridge is generated from: AXI4-Stream style streams, and AXI4 memory masters for DMA.

/** One AXI4-Stream style port: <prefix>_tdata/_tkeep/_tvalid/_tready/_tlast/_tuser. */
export interface StreamPort {
  /** Signal prefix, e.g. "s_axis" (input) or "m_axis" (output). */
  prefix: string;
  dir: 'in' | 'out';
  /** Bytes in tdata. */
  dataBytes: number;
  /** Has a tkeep signal (one bit per data byte). */
  keep: boolean;
  /** Has a tlast signal. */
  last: boolean;
  /** Width of tuser in bits (0 = none). */
  userBits: number;
  /** false: the port carries secrets (keys) and is left out of waveform traces (verilator tracing_off). */
  traced?: boolean;
}

/**
 * An AXI4 memory-mapped master port (DMA to host memory): <prefix>_ar*, _r*, _aw*, _w*, _b* with the standard
 * signal names. The simulation bridge serves it from a host-memory model (sim/native/dpf_axi_memory.h).
 */
export interface AxiMasterPort {
  prefix: string;
  /** Bytes in rdata/wdata (a power of two, at most 128). */
  dataBytes: number;
  addrBits: number;
  idBits: number;
}

export interface DesignPorts {
  clock: string;
  /** Synchronous, active-high reset. */
  reset: string;
  streams: StreamPort[];
  /** AXI4 masters (none for the stream engines). */
  memories?: AxiMasterPort[];
}

export interface GeneratedFile {
  /** File name, e.g. "crc_engine_w64_crc32c.v". */
  name: string;
  content: string;
}

export interface GeneratedDesign {
  generator: string;
  version: string;
  /** Canonical JSON of the validated parameters. */
  paramsJson: string;
  top: string;
  /** Generated files; the top module's file first. */
  files: GeneratedFile[];
  /** Hand-written primitives the design instantiates, as paths relative to the project root (hw/lib/...). */
  libFiles: string[];
  ports: DesignPorts;
  /** Cycles from an input beat to its result when nothing stalls (for reports and stall bounds). */
  latencyCycles: number;
  /** Things the user should know about this configuration (also written into the file header). */
  warnings?: string[];
}

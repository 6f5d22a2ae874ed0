// What a generator produces: Verilog files, the top module's name, and a description of its ports that the
// simulation bridge is generated from. Every engine port is an AXI4-Stream style stream.

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
}

export interface DesignPorts {
  clock: string;
  /** Synchronous, active-high reset. */
  reset: string;
  streams: StreamPort[];
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

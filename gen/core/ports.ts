// The signal names of a module's ports (clock, reset, every stream and memory port signal), from the same
// declarations the port list is written with (verilog.ts), so a builder can be told what the ports declare.
import type { DesignPorts } from './design.js';
import { axiMasterPortDeclarations, streamPortDeclarations } from './verilog.js';

export function designPortSignals(ports: DesignPorts): string[] {
  const decls = [...ports.streams.flatMap(streamPortDeclarations), ...(ports.memories ?? []).flatMap(axiMasterPortDeclarations)];
  return [ports.clock, ports.reset, ...decls.map((d) => d.trim().split(/\s+/).pop()!)];
}

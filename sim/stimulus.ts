// Stimulus files: a small text format for feeding a stream port by hand (`dpuforge sim --stim FILE`).
//
//   # comment                  blank lines and comments are ignored
//   text 123456789             one packet: the rest of the line as ASCII bytes
//   packet 31 32 33 34         one packet: hex bytes (spaces optional: 31323334)
//   beat 31 32 33              one raw beat: up to the port's bytes per beat, tkeep = the bytes given
//   beat 31 32 33 last         ... and tlast
//
// A packet may span beats; `beat` lines build one explicitly. Errors name the file, line and problem.
import { readFileSync } from 'node:fs';
import { concatBytes, keepBytesFor, packetsToBeats, type Beats } from './stream.js';

export class StimulusError extends Error {
  constructor(readonly file: string, readonly line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'StimulusError';
  }
}

export interface Stimulus {
  beats: Beats;
  /** Packets (for reference checks); a trailing run of beats without `last` is an error. */
  packets: Uint8Array[];
}

function parseHex(file: string, line: number, text: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  for (const tok of text.trim().split(/\s+/)) {
    if (tok && !/^([0-9a-fA-F]{2})+$/.test(tok)) {
      throw new StimulusError(file, line, `'${tok}' is not hex bytes (write bytes as two hex digits each, e.g. 31 32 or 3132)`);
    }
  }
  const out = new Uint8Array(compact.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(compact.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Parse stimulus text for a port carrying `dataBytes` bytes per beat. */
export function parseStimulus(text: string, dataBytes: number, file = '<stimulus>'): Stimulus {
  const packets: Uint8Array[] = [];
  const beatParts: { bytes: Uint8Array; last: boolean }[] = [];
  let openBeats: Uint8Array[] = [];
  let openSince = 0;
  const pieces: Beats[] = [];
  const flushPending = () => {
    if (!beatParts.length) return;
    // Explicit beats, kept as given.
    const kb = keepBytesFor(dataBytes);
    const b: Beats = { count: beatParts.length, data: new Uint8Array(beatParts.length * dataBytes), keep: new Uint8Array(beatParts.length * kb), last: new Uint8Array(beatParts.length) };
    beatParts.forEach((p, i) => {
      b.data.set(p.bytes, i * dataBytes);
      for (let l = 0; l < p.bytes.length; l++) b.keep![i * kb + (l >> 3)] |= 1 << (l & 7);
      b.last![i] = p.last ? 1 : 0;
    });
    pieces.push(b);
    beatParts.length = 0;
  };
  const lines = text.split('\n');
  lines.forEach((raw, idx) => {
    const line = idx + 1;
    const s = raw.replace(/\r$/, '');
    const trimmed = s.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const m = /^(\S+)\s?(.*)$/.exec(trimmed)!;
    const [, word, rest] = m;
    if (word === 'text' || word === 'packet') {
      if (openBeats.length) throw new StimulusError(file, line, `a '${word}' line cannot start inside the packet begun by beats at line ${openSince}: end it with a 'beat ... last' line`);
      const bytes = word === 'text' ? new TextEncoder().encode(s.replace(/^\s*text ?/, '')) : parseHex(file, line, rest);
      flushPending();
      packets.push(bytes);
      pieces.push(packetsToBeats([bytes], dataBytes));
      return;
    }
    if (word === 'beat') {
      const toks = rest.trim().split(/\s+/).filter(Boolean);
      const last = toks[toks.length - 1] === 'last';
      const bytes = parseHex(file, line, (last ? toks.slice(0, -1) : toks).join(' '));
      if (bytes.length > dataBytes) throw new StimulusError(file, line, `beat has ${bytes.length} bytes; the port carries ${dataBytes} per beat`);
      if (!openBeats.length) openSince = line;
      openBeats.push(bytes);
      beatParts.push({ bytes, last });
      if (last) {
        packets.push(concatBytes(openBeats));
        openBeats = [];
      }
      return;
    }
    throw new StimulusError(file, line, `unknown line type '${word}' (expected text, packet, beat or # comment)`);
  });
  if (openBeats.length) throw new StimulusError(file, openSince, `the packet begun by beats at this line never ends: the file has no 'beat ... last' after it`);
  flushPending();
  if (!packets.length) throw new StimulusError(file, lines.length, 'no packets: the file holds only comments or blank lines');
  return { beats: joinBeats(pieces, dataBytes), packets };
}

export function readStimulusFile(file: string, dataBytes: number): Stimulus {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new StimulusError(file, 0, `cannot read: ${(err as Error).message}`);
  }
  return parseStimulus(text, dataBytes, file);
}

function joinBeats(pieces: readonly Beats[], dataBytes: number): Beats {
  const count = pieces.reduce((n, p) => n + p.count, 0);
  const kb = keepBytesFor(dataBytes);
  const out: Beats = { count, data: new Uint8Array(count * dataBytes), keep: new Uint8Array(count * kb), last: new Uint8Array(count) };
  let at = 0;
  for (const p of pieces) {
    out.data.set(p.data.subarray(0, p.count * dataBytes), at * dataBytes);
    out.keep!.set(p.keep!.subarray(0, p.count * kb), at * kb);
    out.last!.set(p.last!.subarray(0, p.count), at);
    at += p.count;
  }
  return out;
}

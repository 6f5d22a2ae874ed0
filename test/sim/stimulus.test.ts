// Stimulus files: the documented line types parse to the intended beats; malformed files stop with an error
// naming the file, the line and the problem.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStimulus, readStimulusFile, StimulusError } from '../../sim/stimulus.js';
import { beatsToPackets } from '../../sim/stream.js';

describe('stimulus parser', () => {
  it('reads text, packet and beat lines into packets and beats', () => {
    const s = parseStimulus('# c\ntext 123456789\n\npacket\npacket 0a0b 0c\nbeat 01 02 03 04\nbeat 05 last\n', 4, 'x.stim');
    expect(s.packets.map((p) => Buffer.from(p).toString('hex'))).toEqual(['313233343536373839', '', '0a0b0c', '0102030405']);
    // 9 bytes → 3 beats, empty → 1, 3 bytes → 1, explicit → 2
    expect(s.beats.count).toBe(7);
    expect(Array.from(s.beats.last!)).toEqual([0, 0, 1, 1, 1, 0, 1]);
    expect(Array.from(s.beats.keep!)).toEqual([0xf, 0xf, 0x1, 0x0, 0x7, 0xf, 0x1]);
    expect(beatsToPackets(s.beats, 4)).toEqual(s.packets);
  });

  it.each([
    ['packet 31 3g', /bad.stim:1: '3g' is not hex bytes/],
    ['packet 313', /bad.stim:1: '313' is not hex bytes/],
    ['text ok\nbeat 01 02 03 04 05', /bad.stim:2: beat has 5 bytes; the port carries 4 per beat/],
    ['pakcet 01', /bad.stim:1: unknown line type 'pakcet' \(expected text, packet, beat or # comment\)/],
    ['beat 01\nbeat 02\n', /bad.stim:1: the packet begun by beats at this line never ends/],
    ['beat 01\ntext x\n', /bad.stim:2: a 'text' line cannot start inside the packet begun by beats at line 1/],
    ['# nothing\n\n', /bad.stim:3: no packets/],
  ])('%j is refused with a located message', (text, message) => {
    expect(() => parseStimulus(text, 4, 'bad.stim')).toThrow(StimulusError);
    expect(() => parseStimulus(text, 4, 'bad.stim')).toThrow(message);
  });

  it('names a file it cannot read', () => {
    expect(() => readStimulusFile('/nonexistent/x.stim', 4)).toThrow(/\/nonexistent\/x.stim:0: cannot read/);
  });

  it('reads a file from disk', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stim-'));
    const f = path.join(dir, 'a.stim');
    writeFileSync(f, 'text abc\r\n');
    expect(readStimulusFile(f, 8).packets[0]).toEqual(new TextEncoder().encode('abc'));
  });
});

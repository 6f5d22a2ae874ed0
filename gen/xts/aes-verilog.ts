// The AES building blocks the XTS engine's RTL is made of, emitted as Verilog functions: the S-boxes as case
// tables taken from the reference's (src/ref/aes.ts, computed there from GF(2^8) inverses), ShiftRows and
// MixColumns as byte wiring, whole rounds, one key-expansion step, and XTS's multiply-by-alpha.
//
// Byte order everywhere: a 128-bit block is [127:0] with block byte i at bits [8i+7:8i] — the order bytes have in
// a stream beat — so AES state byte i (row i mod 4, column i div 4) is bits [8i+7:8i] and a round key's word j is
// bits [32j+31:32j].
import { INV_SBOX, SBOX } from '../../src/ref/aes.js';

const hex2 = (n: number) => n.toString(16).padStart(2, '0');
const byte = (v: string, i: number) => `${v}[${8 * i + 7}:${8 * i}]`;

function sboxFunction(name: string, table: readonly number[], what: string): string {
  const rows: string[] = [];
  for (let i = 0; i < 256; i += 8) {
    rows.push('        ' + Array.from({ length: 8 }, (_, j) => `8'h${hex2(i + j)}: ${name} = 8'h${hex2(table[i + j])};`).join(' '));
  }
  return `// ${what}
function [7:0] ${name};
    input [7:0] x;
    begin
        case (x)
${rows.join('\n')}
        default: ${name} = 8'h00;
        endcase
    end
endfunction`;
}

/** Output byte r + 4c of ShiftRows (shift = +1) or InvShiftRows (shift = -1) comes from input byte r + 4((c + shift*r) mod 4). */
function shiftSource(r: number, c: number, shift: 1 | -1): number {
  return r + 4 * ((((c + shift * r) % 4) + 4) % 4);
}

/**
 * The functions, for encryption and (when `inverse`) decryption rounds. Always: aes_sbox, aes_xtime,
 * aes_sub_shift, aes_mix_columns, aes_enc_round, aes_enc_last, aes_key_word (SubWord with optional RotWord),
 * xts_mul_alpha; with `inverse`: aes_inv_sbox, aes_inv_shift_sub, aes_inv_mix_columns, aes_dec_round, aes_dec_last;
 * with `alphaPowers` (more than 4 lanes): xts_mul_alpha_n.
 */
export function aesFunctions(inverse: boolean, alphaPowers = false): string {
  const subShift = (name: string, sbox: string, shift: 1 | -1, what: string) => {
    const lines: string[] = [];
    for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) lines.push(`        ${name}[${8 * (r + 4 * c) + 7}:${8 * (r + 4 * c)}] = ${sbox}(${byte('s', shiftSource(r, c, shift))});`);
    return `// ${what}
function [127:0] ${name};
    input [127:0] s;
    begin
${lines.join('\n')}
    end
endfunction`;
  };
  const mix = () => {
    const lines: string[] = [];
    for (let c = 0; c < 4; c++) {
      const a = (r: number) => byte('s', 4 * c + ((r + 4) % 4));
      // MixColumns row r: 2 a_r + 3 a_(r+1) + a_(r+2) + a_(r+3) = xtime(a_r ^ a_(r+1)) ^ a_(r+1) ^ a_(r+2) ^ a_(r+3)
      for (let r = 0; r < 4; r++) lines.push(`        aes_mix_columns[${8 * (4 * c + r) + 7}:${8 * (4 * c + r)}] = aes_xtime(${a(r)} ^ ${a(r + 1)}) ^ ${a(r + 1)} ^ ${a(r + 2)} ^ ${a(r + 3)};`);
    }
    return `// MixColumns: each column times {03}x^3 + {01}x^2 + {01}x + {02}
function [127:0] aes_mix_columns;
    input [127:0] s;
    begin
${lines.join('\n')}
    end
endfunction`;
  };
  const invMix = () => {
    // each byte is doubled three times once (x2 = xtime(a), x4, x8), and every coefficient is a sum of those:
    // 9 = 8+1, b = 8+2+1, d = 8+4+1, e = 8+4+2
    const mul: Record<string, (i: number) => string> = {
      e: (i) => `x8${i} ^ x4${i} ^ x2${i}`, b: (i) => `x8${i} ^ x2${i} ^ a${i}`, d: (i) => `x8${i} ^ x4${i} ^ a${i}`, 9: (i) => `x8${i} ^ a${i}`,
    };
    const lines: string[] = [];
    for (let c = 0; c < 4; c++) {
      for (let i = 0; i < 4; i++) lines.push(`        a${i} = ${byte('s', 4 * c + i)}; x2${i} = aes_xtime(a${i}); x4${i} = aes_xtime(x2${i}); x8${i} = aes_xtime(x4${i});`);
      for (let r = 0; r < 4; r++) {
        const terms = (['e', 'b', 'd', 9] as const).map((k, j) => `(${mul[k]((r + j) % 4)})`);
        lines.push(`        aes_inv_mix_columns[${8 * (4 * c + r) + 7}:${8 * (4 * c + r)}] = ${terms.join(' ^ ')};`);
      }
    }
    return `// InvMixColumns: each column times {0b}x^3 + {0d}x^2 + {09}x + {0e}; each byte doubled three times once
// (x2, x4, x8) and the coefficients made of those: 9 = 8+1, b = 8+2+1, d = 8+4+1, e = 8+4+2
function [127:0] aes_inv_mix_columns;
    input [127:0] s;
    reg [7:0] a0, a1, a2, a3, x20, x21, x22, x23, x40, x41, x42, x43, x80, x81, x82, x83;
    begin
${lines.join('\n')}
    end
endfunction`;
  };
  const parts = [
    sboxFunction('aes_sbox', SBOX, 'the AES S-box (FIPS-197 SubBytes)'),
    `// multiplication by x in GF(2^8) mod x^8 + x^4 + x^3 + x + 1
function [7:0] aes_xtime;
    input [7:0] a;
    aes_xtime = {a[6:0], 1'b0} ^ (a[7] ? 8'h1b : 8'h00);
endfunction`,
    subShift('aes_sub_shift', 'aes_sbox', 1, 'SubBytes then ShiftRows (row r of the state rotates left by r)'),
    mix(),
    `// one middle round of the cipher, and the last one (no MixColumns)
function [127:0] aes_enc_round;
    input [127:0] s;
    input [127:0] rk;
    aes_enc_round = aes_mix_columns(aes_sub_shift(s)) ^ rk;
endfunction
function [127:0] aes_enc_last;
    input [127:0] s;
    input [127:0] rk;
    aes_enc_last = aes_sub_shift(s) ^ rk;
endfunction`,
    `// key expansion: SubWord of a round key's word, after RotWord when rot is set (the word's bytes a0..a3 -> a1 a2 a3 a0)
function [31:0] aes_key_word;
    input [31:0] w;
    input        rot;
    reg   [31:0] r;
    begin
        r = rot ? {w[7:0], w[31:8]} : w;
        aes_key_word = {aes_sbox(r[31:24]), aes_sbox(r[23:16]), aes_sbox(r[15:8]), aes_sbox(r[7:0])};
    end
endfunction`,
    `// XTS: the tweak (a little-endian 128-bit value) times alpha in GF(2^128) mod x^128 + x^7 + x^2 + x + 1
function [127:0] xts_mul_alpha;
    input [127:0] t;
    xts_mul_alpha = {t[126:0], 1'b0} ^ {120'd0, t[127] ? 8'h87 : 8'h00};
endfunction${alphaPowers ? `
// ... times alpha^n (n a constant at every call: a chain of n of the above)
function [127:0] xts_mul_alpha_n;
    input [127:0] t;
    input integer n;
    integer i;
    begin
        xts_mul_alpha_n = t;
        for (i = 0; i < n; i = i + 1) xts_mul_alpha_n = xts_mul_alpha(xts_mul_alpha_n);
    end
endfunction` : ''}`,
  ];
  if (inverse) {
    parts.push(
      sboxFunction('aes_inv_sbox', INV_SBOX, 'the inverse S-box (InvSubBytes)'),
      subShift('aes_inv_shift_sub', 'aes_inv_sbox', -1, 'InvShiftRows then InvSubBytes (row r rotates right by r)'),
      invMix(),
      `// one middle round of the inverse cipher (FIPS-197 5.3: InvShiftRows, InvSubBytes, AddRoundKey, InvMixColumns), and the last
function [127:0] aes_dec_round;
    input [127:0] s;
    input [127:0] rk;
    aes_dec_round = aes_inv_mix_columns(aes_inv_shift_sub(s) ^ rk);
endfunction
function [127:0] aes_dec_last;
    input [127:0] s;
    input [127:0] rk;
    aes_dec_last = aes_inv_shift_sub(s) ^ rk;
endfunction`,
    );
  }
  return parts.join('\n\n');
}

/** The round constant of AES key expansion step i (1-based): x^(i-1) in GF(2^8). */
export function rcon(i: number): number {
  let r = 1;
  for (let j = 1; j < i; j++) r = ((r << 1) ^ (r & 0x80 ? 0x11b : 0)) & 0xff;
  return r;
}

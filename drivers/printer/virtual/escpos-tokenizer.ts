/**
 * Splits an ESC/POS byte stream into text runs and commands, incrementally: a command that is
 * cut off at the end of the buffer is reported as incomplete so a network reader can wait for
 * the rest. Only lengths are known here; meaning is the decoder's business.
 */
export type Token =
  | { kind: 'text'; bytes: Buffer }
  | { kind: 'control'; byte: number }
  | { kind: 'command'; name: string; params: Buffer; length: number };

export type TokenResult = { token: Token; length: number } | 'incomplete';

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;

/** ESC x commands with a fixed number of parameter bytes. */
const ESC_FIXED: Record<number, number> = {
  32: 1, // ESC SP n
  33: 1, // ESC ! n
  36: 2, // ESC $ nL nH
  37: 1, // ESC % n
  45: 1, // ESC - n
  50: 0, // ESC 2
  51: 1, // ESC 3 n
  61: 1, // ESC = n
  63: 1, // ESC ? n
  64: 0, // ESC @
  66: 2, // ESC B n t (buzzer on Chinese printers)
  68: -1, // ESC D n1..nk NUL
  69: 1, // ESC E n
  71: 1, // ESC G n
  74: 1, // ESC J n
  75: 1, // ESC K n
  77: 1, // ESC M n
  82: 1, // ESC R n
  83: 0, // ESC S
  84: 1, // ESC T n
  86: 1, // ESC V n
  92: 2, // ESC \ nL nH
  97: 1, // ESC a n
  99: 2, // ESC c x n
  100: 1, // ESC d n
  105: 0, // ESC i
  109: 0, // ESC m
  112: 3, // ESC p m t1 t2
  116: 1, // ESC t n
  123: 1, // ESC { n
};

const GS_FIXED: Record<number, number> = {
  33: 1, // GS ! n
  36: 2, // GS $
  47: 1, // GS / m
  58: 0, // GS :
  66: 1, // GS B n
  72: 1, // GS H n
  73: 1, // GS I n
  76: 2, // GS L nL nH
  80: 2, // GS P x y
  87: 2, // GS W nL nH
  92: 2, // GS \ nL nH
  97: 1, // GS a n
  98: 1, // GS b n
  102: 1, // GS f n
  104: 1, // GS h n
  114: 1, // GS r n
  119: 1, // GS w n
};

const FS_FIXED: Record<number, number> = {
  33: 1, // FS ! n
  38: 0, // FS &
  45: 1, // FS - n
  46: 0, // FS .
  67: 1, // FS C n
  83: 2, // FS S n1 n2
  87: 1, // FS W n
  112: 2, // FS p n m
};

function cmd(name: string, buf: Buffer, at: number, headerLength: number, total: number): TokenResult {
  if (at + total > buf.length) return 'incomplete';
  return {
    token: { kind: 'command', name, params: buf.subarray(at + headerLength, at + total), length: total },
    length: total,
  };
}

function fixed(name: string, buf: Buffer, at: number, params: number): TokenResult {
  return cmd(name, buf, at, 2, 2 + params);
}

/** Reads one token at `at`. */
export function nextToken(buf: Buffer, at: number): TokenResult {
  const b = buf[at];
  if (b === undefined) return 'incomplete';
  if (b >= 0x20) {
    let end = at + 1;
    while (end < buf.length && buf[end]! >= 0x20) end++;
    return { token: { kind: 'text', bytes: buf.subarray(at, end) }, length: end - at };
  }
  if (b !== ESC && b !== GS && b !== FS && b !== DLE)
    return { token: { kind: 'control', byte: b }, length: 1 };
  const op = buf[at + 1];
  if (op === undefined) return 'incomplete';
  const name = `${{ [ESC]: 'ESC', [GS]: 'GS', [FS]: 'FS', [DLE]: 'DLE' }[b]} ${String.fromCharCode(op)}`;
  if (b === ESC) return escCommand(name, buf, at, op);
  if (b === GS) return gsCommand(name, buf, at, op);
  if (b === FS) return fsCommand(name, buf, at, op);
  return dleCommand(name, buf, at, op);
}

function escCommand(name: string, buf: Buffer, at: number, op: number): TokenResult {
  if (op === 0x2a) {
    // ESC * m nL nH d1..dk: k = n (8-dot modes) or 3n (24-dot modes)
    if (at + 5 > buf.length) return 'incomplete';
    const m = buf[at + 2]!;
    const n = buf[at + 3]! + buf[at + 4]! * 256;
    return cmd(name, buf, at, 2, 5 + (m >= 32 ? 3 * n : n));
  }
  if (op === 0x44) {
    const end = buf.indexOf(0, at + 2);
    return end < 0 ? 'incomplete' : cmd(name, buf, at, 2, end - at + 1);
  }
  const params = ESC_FIXED[op];
  if (params === undefined) return fixed(name, buf, at, 0);
  return fixed(name, buf, at, params);
}

function gsCommand(name: string, buf: Buffer, at: number, op: number): TokenResult {
  switch (op) {
    case 0x56: {
      // GS V m [n]
      const m = buf[at + 2];
      if (m === undefined) return 'incomplete';
      return fixed(name, buf, at, m >= 65 ? 2 : 1);
    }
    case 0x6b: {
      // GS k m d1..dk NUL (m 0–6) | GS k m n d1..dn (m 65–78)
      const m = buf[at + 2];
      if (m === undefined) return 'incomplete';
      if (m <= 6) {
        const end = buf.indexOf(0, at + 3);
        return end < 0 ? 'incomplete' : cmd(name, buf, at, 2, end - at + 1);
      }
      const n = buf[at + 3];
      return n === undefined ? 'incomplete' : cmd(name, buf, at, 2, 4 + n);
    }
    case 0x76: {
      // GS v 0 m xL xH yL yH d1..dk
      if (at + 8 > buf.length) return 'incomplete';
      const x = buf[at + 4]! + buf[at + 5]! * 256;
      const y = buf[at + 6]! + buf[at + 7]! * 256;
      return cmd(name, buf, at, 2, 8 + x * y);
    }
    case 0x28: {
      // GS ( fn pL pH ...
      if (at + 5 > buf.length) return 'incomplete';
      const p = buf[at + 3]! + buf[at + 4]! * 256;
      return cmd(`GS ( ${String.fromCharCode(buf[at + 2]!)}`, buf, at, 5, 5 + p);
    }
    case 0x38: {
      // GS 8 L p1 p2 p3 p4 ...
      if (at + 7 > buf.length) return 'incomplete';
      const p = buf[at + 3]! + buf[at + 4]! * 0x100 + buf[at + 5]! * 0x10000 + buf[at + 6]! * 0x1000000;
      return cmd('GS 8 L', buf, at, 7, 7 + p);
    }
    case 0x2a: {
      // GS * x y d1..d(x*y*8)
      if (at + 4 > buf.length) return 'incomplete';
      return cmd(name, buf, at, 2, 4 + buf[at + 2]! * buf[at + 3]! * 8);
    }
    default:
      return fixed(name, buf, at, GS_FIXED[op] ?? 0);
  }
}

function fsCommand(name: string, buf: Buffer, at: number, op: number): TokenResult {
  if (op === 0x32) return fixed(name, buf, at, 2 + 72); // FS 2 c1 c2 + 24×24 user-defined hanzi
  if (op === 0x28) {
    if (at + 5 > buf.length) return 'incomplete';
    const p = buf[at + 3]! + buf[at + 4]! * 256;
    return cmd(`FS ( ${String.fromCharCode(buf[at + 2]!)}`, buf, at, 5, 5 + p);
  }
  return fixed(name, buf, at, FS_FIXED[op] ?? 0);
}

function dleCommand(name: string, buf: Buffer, at: number, op: number): TokenResult {
  if (op === 0x04 || op === 0x05) return fixed(op === 0x04 ? 'DLE EOT' : 'DLE ENQ', buf, at, 1);
  if (op === 0x14) {
    const fn = buf[at + 2];
    if (fn === undefined) return 'incomplete';
    return fixed('DLE DC4', buf, at, fn === 8 ? 8 : 3);
  }
  return fixed(name, buf, at, 0);
}

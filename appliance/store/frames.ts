/**
 * The record framing of every append-only file the store writes (segments, archive, indexes):
 * `magic u32 | length u32 | crc32 u32 | JSON payload`, little-endian. A reader knows where each
 * record ends and whether it is whole, so a torn tail (a write cut short) is found and cut, and a
 * damaged stretch in the middle is skipped by searching for the next frame that checks out.
 */
import { crc32 } from 'node:zlib';

export const FRAME_HEADER_BYTES = 12;
const MAGIC = 0x314a5153; // "SQJ1"
const MAGIC_BYTES = Buffer.from([0x53, 0x51, 0x4a, 0x31]);
/** No record the store writes comes near this; a larger length field is damage. */
const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;
const ZERO_PAGE = Buffer.alloc(4096);

export function encodeFrame(value: unknown): Buffer {
  const payload = Buffer.from(JSON.stringify(value), 'utf8');
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32LE(MAGIC, 0);
  frame.writeUInt32LE(payload.length, 4);
  frame.writeUInt32LE(crc32(payload), 8);
  payload.copy(frame, FRAME_HEADER_BYTES);
  return frame;
}

export function encodeFrames(values: readonly unknown[]): Buffer {
  return Buffer.concat(values.map(encodeFrame));
}

/** The frame starting at `offset`, or null when the bytes there are not a whole, intact frame. */
export function frameAt(buf: Buffer, offset: number): { value: unknown; end: number } | null {
  if (offset + FRAME_HEADER_BYTES > buf.length) return null;
  if (buf.readUInt32LE(offset) !== MAGIC) return null;
  const length = buf.readUInt32LE(offset + 4);
  if (length > MAX_PAYLOAD_BYTES) return null;
  const end = offset + FRAME_HEADER_BYTES + length;
  if (end > buf.length) return null;
  const payload = buf.subarray(offset + FRAME_HEADER_BYTES, end);
  if (crc32(payload) !== buf.readUInt32LE(offset + 8)) return null;
  try {
    return { value: JSON.parse(payload.toString('utf8')), end };
  } catch {
    return null;
  }
}

export interface ScannedFrame {
  offset: number;
  end: number;
  value: unknown;
}

export interface FrameScan {
  frames: ScannedFrame[];
  /** Offset just after the last intact frame. */
  end: number;
  /** Bytes that are not frames but are followed by intact ones: damage in the middle. */
  damaged: Array<{ from: number; to: number }>;
  /** Non-zero bytes after the last intact frame (a torn write, or damage): [end, trailingTo). */
  trailingTo: number;
}

/** Offset just past the last byte that is not zero (0 for an all-zero buffer). */
export function endOfNonZero(buf: Buffer): number {
  let i = buf.length;
  // A page at a time (native compare) over the usually long zero tail of a preallocated segment.
  while (i >= ZERO_PAGE.length && ZERO_PAGE.compare(buf, i - ZERO_PAGE.length, i) === 0) {
    i -= ZERO_PAGE.length;
  }
  while (i > 0 && buf[i - 1] === 0) i--;
  return i;
}

function nextFrame(buf: Buffer, from: number, limit: number): number {
  for (
    let at = buf.indexOf(MAGIC_BYTES, from);
    at >= 0 && at < limit;
    at = buf.indexOf(MAGIC_BYTES, at + 1)
  ) {
    if (frameAt(buf, at)) return at;
  }
  return -1;
}

/** Reads every intact frame from `start`, skipping damaged stretches between them. */
export function scanFrames(buf: Buffer, start = 0): FrameScan {
  const limit = endOfNonZero(buf);
  const frames: ScannedFrame[] = [];
  const damaged: FrameScan['damaged'] = [];
  let pos = start;
  let end = start;
  while (pos < limit) {
    const frame = frameAt(buf, pos);
    if (frame) {
      frames.push({ offset: pos, end: frame.end, value: frame.value });
      pos = frame.end;
      end = pos;
      continue;
    }
    const next = nextFrame(buf, pos + 1, limit);
    if (next < 0) break;
    damaged.push({ from: pos, to: next });
    pos = next;
  }
  return { frames, end, damaged, trailingTo: Math.max(end, limit) };
}

/**
 * Appending checksummed frames to the archive's files (day logs, indexes). A write cut short by a
 * power cut leaves a torn frame at the end; the next append first cuts the file back to its last
 * intact frame, so frames are never appended after garbage. Readers skip torn or damaged bytes
 * (scanFrames), so a torn tail costs nothing but the unfinished write, which compaction redoes.
 */
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDirectory } from '../../platform/durable-file.ts';
import { encodeFrame, frameAt, scanFrames } from './frames.ts';

/** Appends the values as frames, durably; returns the offset of each frame in the file. */
export async function appendFrames(path: string, values: readonly unknown[]): Promise<number[]> {
  if (values.length === 0) return [];
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const handle = await open(path, 'a+', 0o600);
  try {
    const { size } = await handle.stat();
    let end = size;
    if (size > 0) {
      end = scanFrames(await handle.readFile()).end;
      if (end < size) await handle.truncate(end);
    }
    const frames = values.map(encodeFrame);
    const offsets: number[] = [];
    let at = end;
    for (const f of frames) {
      offsets.push(at);
      at += f.length;
    }
    const body = Buffer.concat(frames);
    // 'a+' appends at the end whatever the position given; the file now ends at `end`.
    let done = 0;
    while (done < body.length) done += (await handle.write(body, done, body.length - done)).bytesWritten;
    await handle.datasync();
    if (size === 0) await fsyncDirectory(dirname(path));
    return offsets;
  } finally {
    await handle.close();
  }
}

/** Every intact frame's value, in file order ([] when the file does not exist). */
export async function readFrames(path: string): Promise<unknown[]> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return scanFrames(buf).frames.map((f) => f.value);
}

/** The values of the frames at the given offsets (skipping any that are not intact frames there). */
export async function readFramesAt(path: string, offsets: readonly number[]): Promise<unknown[]> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  try {
    const out: unknown[] = [];
    const head = Buffer.alloc(12);
    for (const offset of offsets) {
      const { bytesRead } = await handle.read(head, 0, 12, offset);
      if (bytesRead < 12) continue;
      const length = head.readUInt32LE(4);
      if (length > 64 * 1024 * 1024) continue;
      const buf = Buffer.alloc(12 + length);
      await handle.read(buf, 0, buf.length, offset);
      const frame = frameAt(buf, 0);
      if (frame) out.push(frame.value);
    }
    return out;
  } finally {
    await handle.close();
  }
}

/**
 * A lowdb adapter for the store's small whole-file documents (the live-state snapshot, the numbering
 * reservations): written durably (temp, fsync, rename, fsync the directory) with a CRC-32 line in
 * front of the JSON, so that a file that still parses but was damaged (a flipped byte, a block of
 * another file) is refused instead of believed.
 */
import { readFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { Adapter } from 'lowdb';
import { CorruptFileError, writeFileDurably } from '../../platform/durable-file.ts';

export class ChecksummedJsonFile<T> implements Adapter<T> {
  constructor(
    readonly path: string,
    private readonly check: (data: unknown) => data is T,
  ) {}

  /** Null when the file does not exist; CorruptFileError when it exists but is not what was written. */
  async read(): Promise<T | null> {
    const body = await this.checkedBody();
    if (body === null) return null;
    let data: unknown;
    try {
      data = JSON.parse(body.toString('utf8'));
    } catch (err) {
      throw new CorruptFileError(this.path, (err as Error).message);
    }
    if (!this.check(data)) throw new CorruptFileError(this.path, 'not the expected document');
    return data;
  }

  /** Whether the file is whole (its checksum matches), without parsing it: a CorruptFileError if not. */
  async verify(): Promise<void> {
    await this.checkedBody();
  }

  private async checkedBody(): Promise<Buffer | null> {
    let raw: Buffer;
    try {
      raw = await readFile(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const newline = raw.indexOf(0x0a);
    if (newline !== 8) throw new CorruptFileError(this.path, 'no checksum line');
    const body = raw.subarray(newline + 1);
    const expected = raw.subarray(0, 8).toString('latin1');
    if (crc32(body).toString(16).padStart(8, '0') !== expected) {
      throw new CorruptFileError(this.path, 'checksum does not match');
    }
    return body;
  }

  async write(data: T): Promise<void> {
    const body = Buffer.from(JSON.stringify(data), 'utf8');
    const line = Buffer.from(`${crc32(body).toString(16).padStart(8, '0')}\n`, 'latin1');
    await writeFileDurably(this.path, Buffer.concat([line, body]));
  }
}

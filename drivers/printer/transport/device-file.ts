import { createReadStream, type ReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { PrinterConnectionLostError, PrinterUnreachableError } from '../errors.ts';
import type { PrinterTransport, TransportHandlers } from './transport.ts';

/**
 * A printer device file such as /dev/usb/lp0 (Linux usblp). Writes go straight to the device.
 * With `twoWay` the device is also read for DLE EOT replies (usblp supports reads; a plain
 * file or a printer opened through a one-way path does not, so it is off by default).
 */
export class DeviceFileTransport implements PrinterTransport {
  readonly target: string;
  private handle: FileHandle | undefined;
  private reader: ReadStream | undefined;

  constructor(
    private readonly path: string,
    readonly twoWay = false,
  ) {
    this.target = `file:${path}`;
  }

  async open(handlers: TransportHandlers): Promise<void> {
    try {
      this.handle = await open(this.path, this.twoWay ? 'r+' : 'a');
    } catch (err) {
      throw new PrinterUnreachableError(this.target, err);
    }
    if (this.twoWay) {
      const reader = createReadStream(this.path, { highWaterMark: 64 });
      reader.on('data', (chunk) => handlers.onData(Buffer.from(chunk)));
      reader.on('error', (err) => handlers.onClose(new PrinterConnectionLostError(this.target, err)));
      this.reader = reader;
    }
  }

  async write(bytes: Buffer): Promise<void> {
    if (!this.handle) throw new PrinterConnectionLostError(this.target, 'not open');
    try {
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesWritten } = await this.handle.write(bytes, offset);
        offset += bytesWritten;
      }
    } catch (err) {
      throw new PrinterConnectionLostError(this.target, err);
    }
  }

  async close(): Promise<void> {
    this.reader?.destroy();
    this.reader = undefined;
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }
}

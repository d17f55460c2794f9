/** A scanner in serial line mode (RS-232, USB CDC-ACM, a USB-serial bridge, or a socat pty). */
import { SerialPort } from 'serialport';
import { ScannerLinkError } from '../errors.ts';
import { FramedSource } from '../session/source.ts';
import { LineFramer, type LineFramerOptions } from './line-framer.ts';

export interface SerialScannerAddress {
  path: string;
  /** Scanners ship at 9600 8N1; many are set to 115200. Default 9600. */
  baudRate?: number;
}

export class SerialScanSource extends FramedSource {
  readonly #port: SerialPort;
  #closing = false;

  private constructor(port: SerialPort, description: string, options: LineFramerOptions) {
    super(new LineFramer(options), description);
    this.#port = port;
    port.on('data', (chunk: Buffer) =>
      this.feed(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)),
    );
    port.on('close', (err: Error | null) => {
      this.ended(this.#closing ? undefined : (err ?? new Error('serial port closed')));
    });
    // Errors after open surface as 'close'; keep them from becoming unhandled 'error' events.
    port.on('error', () => {});
  }

  static async open(
    address: SerialScannerAddress,
    options: LineFramerOptions = {},
  ): Promise<SerialScanSource> {
    const baudRate = address.baudRate ?? 9600;
    const port = new SerialPort({ path: address.path, baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => {
      port.open((err) => {
        if (!err) return resolve();
        const code = /permission|EACCES/i.test(err.message) ? 'SCANNER_NO_PERMISSION' : 'SCANNER_OPEN_FAILED';
        reject(
          new ScannerLinkError(code, `cannot open serial scanner ${address.path}: ${err.message}`, {
            cause: err,
          }),
        );
      });
    });
    return new SerialScanSource(port, `serial scanner ${address.path} @${baudRate}`, options);
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    if (!this.#port.isOpen) {
      this.ended(undefined);
      return;
    }
    await new Promise<void>((resolve) => this.#port.close(() => resolve()));
    this.ended(undefined);
  }
}

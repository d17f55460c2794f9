/** Serial transport (RS-232, TTL, USB-serial bridges, or a socat pty) over serialport. */
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import { SUPPORTED_BAUD_RATES } from '../protocol/commands.ts';
import { ReaderLinkError } from './errors.ts';
import type { ByteTransport, TransportEvents } from './transport.ts';

export interface SerialTransportOptions {
  path: string;
  baudRate?: number;
}

export class SerialTransport extends EventEmitter<TransportEvents> implements ByteTransport {
  readonly description: string;
  readonly #port: SerialPort;
  #closing = false;

  private constructor(port: SerialPort, description: string) {
    super();
    this.#port = port;
    this.description = description;
    port.on('data', (chunk: Buffer) => {
      this.emit('data', new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    });
    port.on('close', (err: Error | null) => {
      this.emit('close', this.#closing ? undefined : (err ?? new Error('serial port closed')));
    });
    // Errors after open also surface as 'close' (disconnected) or as failed writes; keep them from
    // becoming unhandled 'error' events.
    port.on('error', () => {});
  }

  static async open(options: SerialTransportOptions): Promise<SerialTransport> {
    const baudRate = options.baudRate ?? 115200;
    if (!SUPPORTED_BAUD_RATES.includes(baudRate)) {
      throw new RangeError(
        `baud rate ${baudRate} is not one the GA 467 SAM supports (${SUPPORTED_BAUD_RATES.join(', ')})`,
      );
    }
    const port = new SerialPort({ path: options.path, baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => {
      port.open((err) => {
        if (err) {
          reject(
            new ReaderLinkError(
              'LINK_OPEN_FAILED',
              `cannot open serial port ${options.path}: ${err.message}`,
              {
                cause: err,
              },
            ),
          );
        } else resolve();
      });
    });
    return new SerialTransport(port, `serial ${options.path} @${baudRate}`);
  }

  get isOpen(): boolean {
    return this.#port.isOpen && !this.#closing;
  }

  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.isOpen) {
        reject(new ReaderLinkError('LINK_CLOSED', `${this.description} is closed`));
        return;
      }
      this.#port.write(Buffer.from(bytes), (err) => {
        if (err) {
          reject(
            new ReaderLinkError('LINK_WRITE_FAILED', `write to ${this.description} failed: ${err.message}`, {
              cause: err,
            }),
          );
        } else resolve();
      });
    });
  }

  /** Switches the host side after the SAM acknowledged a 60 xx baud change. */
  async setBaudRate(baudRate: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#port.update({ baudRate }, (err) => (err ? reject(err) : resolve()));
    });
  }

  async close(): Promise<void> {
    if (this.#closing || !this.#port.isOpen) return;
    this.#closing = true;
    await new Promise<void>((resolve) => {
      this.#port.close(() => resolve());
    });
  }
}

import type { SerialPort } from 'serialport';
import { PrinterConnectionLostError, PrinterUnreachableError } from '../errors.ts';
import type { PrinterTransport, TransportHandlers } from './transport.ts';

/** Serial (RS-232 or USB-serial) ESC/POS printer: two-way. */
export class SerialTransport implements PrinterTransport {
  readonly twoWay = true;
  readonly target: string;
  private port: SerialPort | undefined;

  constructor(
    private readonly path: string,
    private readonly baudRate = 19200,
    private readonly rtscts = false,
  ) {
    this.target = `serial:${path}?baud=${baudRate}`;
  }

  async open(handlers: TransportHandlers): Promise<void> {
    // Loaded here so a kiosk printing over TCP never loads the native serial bindings.
    const { SerialPort } = await import('serialport');
    return new Promise((resolve, reject) => {
      const port = new SerialPort({
        path: this.path,
        baudRate: this.baudRate,
        rtscts: this.rtscts,
        autoOpen: false,
      });
      port.open((err) => {
        if (err) return reject(new PrinterUnreachableError(this.target, err));
        this.port = port;
        port.on('data', (chunk: Buffer) => handlers.onData(chunk));
        port.on('close', (closeErr: Error | null) => {
          if (this.port !== port) return;
          this.port = undefined;
          handlers.onClose(new PrinterConnectionLostError(this.target, closeErr ?? 'port closed'));
        });
        port.on('error', () => {}); // reported through 'close'
        resolve();
      });
    });
  }

  write(bytes: Buffer): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return Promise.reject(new PrinterConnectionLostError(this.target, 'not open'));
    return new Promise((resolve, reject) => {
      port.write(bytes, (err) => {
        if (err) return reject(new PrinterConnectionLostError(this.target, err));
        port.drain((drainErr) =>
          drainErr ? reject(new PrinterConnectionLostError(this.target, drainErr)) : resolve(),
        );
      });
    });
  }

  close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (!port?.isOpen) return Promise.resolve();
    return new Promise((resolve) => port.close(() => resolve()));
  }
}

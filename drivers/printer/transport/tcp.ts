import { connect, type Socket } from 'node:net';
import { PrinterConnectionLostError, PrinterUnreachableError } from '../errors.ts';
import type { PrinterTransport, TransportHandlers } from './transport.ts';

/** Raw TCP (JetDirect, port 9100): two-way, so DLE EOT status comes back on the same socket. */
export class TcpTransport implements PrinterTransport {
  readonly twoWay = true;
  readonly target: string;
  private socket: Socket | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly connectTimeoutMs = 3000,
  ) {
    this.target = `tcp://${host}:${port}`;
  }

  open(handlers: TransportHandlers): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      let opened = false;
      const timer = setTimeout(() => {
        socket.destroy(new Error(`no answer within ${this.connectTimeoutMs} ms`));
      }, this.connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        opened = true;
        socket.setNoDelay(true);
        socket.setKeepAlive(true, 5000);
        this.socket = socket;
        resolve();
      });
      socket.on('data', (chunk) => handlers.onData(chunk));
      socket.on('error', (err) => {
        clearTimeout(timer);
        if (!opened) reject(new PrinterUnreachableError(this.target, err));
      });
      socket.on('close', () => {
        clearTimeout(timer);
        if (!opened) return;
        this.socket = undefined;
        handlers.onClose(new PrinterConnectionLostError(this.target, 'socket closed'));
      });
    });
  }

  write(bytes: Buffer): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed)
      return Promise.reject(new PrinterConnectionLostError(this.target, 'not open'));
    return new Promise((resolve, reject) => {
      socket.write(bytes, (err) =>
        err ? reject(new PrinterConnectionLostError(this.target, err)) : resolve(),
      );
    });
  }

  close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket || socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      socket.removeAllListeners('close');
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 500).unref();
    });
  }
}

/**
 * A byte pipe to a printer. Two-way transports (TCP 9100, serial, Linux usblp) can read
 * DLE EOT status replies; a one-way one can only be written to.
 */
export interface TransportHandlers {
  onData(chunk: Buffer): void;
  /** The link broke (or the peer closed it); `error` says why when known. */
  onClose(error?: Error): void;
}

export interface PrinterTransport {
  readonly twoWay: boolean;
  /** Where it goes, for health details and errors, e.g. 'tcp://127.0.0.1:9100'. */
  readonly target: string;
  /** Opens the link; rejects with PrinterUnreachableError. */
  open(handlers: TransportHandlers): Promise<void>;
  /** Resolves when the bytes have been handed to the OS; rejects with PrinterConnectionLostError. */
  write(bytes: Buffer): Promise<void>;
  close(): Promise<void>;
}

export type TransportFactory = () => PrinterTransport;

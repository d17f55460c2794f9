import { EventEmitter } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { encodeStatus, OK_STATUS, type PrinterStatus } from '../escpos/status.ts';
import type { DecodedJob } from '../types.ts';
import { decodeEscPos } from './escpos-decoder.ts';
import { JobSplitter } from './job-splitter.ts';

export type VirtualPrinterState = Partial<PrinterStatus>;

export interface VirtualPrinter extends EventEmitter {
  on(event: 'job', listener: (job: DecodedJob) => void): this;
  port: number;
  jobs: DecodedJob[];
  /** Scripts the DLE EOT answers. While a fault is set, received jobs are held and print when it clears. */
  setStatus(s: VirtualPrinterState): void;
  /** Jobs received while faulted, not yet printed. */
  readonly heldJobs: number;
  close(): Promise<void>;
}

export interface VirtualPrinterOptions {
  port?: number;
  /** When set, each job is written there as NNNN.bin (raw), NNNN.txt (transcript) and NNNN.png. */
  outDir?: string;
  /** Render a PNG per job when outDir is set (default true). */
  png?: boolean;
}

class TcpVirtualPrinter extends EventEmitter implements VirtualPrinter {
  port = 0;
  readonly jobs: DecodedJob[] = [];
  private status: PrinterStatus = { ...OK_STATUS };
  private readonly held: Buffer[] = [];
  private readonly sockets = new Set<Socket>();
  private nextId = 1;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly server: Server,
    private readonly opts: VirtualPrinterOptions,
  ) {
    super();
  }

  get heldJobs(): number {
    return this.held.length;
  }

  setStatus(s: VirtualPrinterState): void {
    this.status = { ...this.status, ...s };
    if (!this.faulted()) for (const raw of this.held.splice(0)) this.print(raw);
  }

  accept(socket: Socket): void {
    this.sockets.add(socket);
    const splitter = new JobSplitter(
      (raw) => (this.faulted() ? this.held.push(raw) : this.print(raw)),
      (token) => {
        const n = token.params[0] ?? 0;
        if (token.name === 'DLE EOT' && n >= 1 && n <= 4)
          socket.write(Buffer.from([encodeStatus(this.status)[n - 1]!]));
      },
    );
    socket.on('data', (chunk) => splitter.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.sockets.delete(socket);
      splitter.end();
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.writing;
  }

  private faulted(): boolean {
    const s = this.status;
    return s.paperOut || s.coverOpen || s.offline || s.cutterError || s.unrecoverableError || s.paperJam;
  }

  private print(raw: Buffer): void {
    const job: DecodedJob = { id: this.nextId++, raw, ...decodeEscPos(raw) };
    this.jobs.push(job);
    if (this.opts.outDir) {
      const dir = this.opts.outDir;
      const base = join(dir, String(job.id).padStart(4, '0'));
      this.writing = this.writing.then(async () => {
        await mkdir(dir, { recursive: true });
        await writeFile(`${base}.bin`, raw);
        await writeFile(`${base}.txt`, transcript(job));
      });
    }
    this.emit('job', job);
  }
}

/** A readable transcript of one job: styled lines, then codes, images and cuts. */
export function transcript(job: DecodedJob): string {
  const lines = job.lines.map((l) => {
    const marks = [l.bold ? 'B' : '', l.doubleWidth ? 'W' : '', l.doubleHeight ? 'H' : ''].join('');
    const align = { left: '<', center: '|', right: '>' }[l.align];
    return `${align}${marks.padEnd(3)} ${l.text}`;
  });
  return [
    `job ${job.id}: ${job.raw.length} bytes, ${job.cuts} cut(s), ${job.images} image(s)`,
    ...lines,
    ...job.qrCodes.map((q) => `[QR] ${q}`),
    ...job.barcodes.map((b) => `[barcode] ${b}`),
    '',
  ].join('\n');
}

/** Listens on 127.0.0.1 (port 0 = any free port), decodes each job (a job ends at a cut or when the connection closes). */
export async function startVirtualPrinter(opts: VirtualPrinterOptions = {}): Promise<VirtualPrinter> {
  const server = createServer();
  const printer = new TcpVirtualPrinter(server, opts);
  server.on('connection', (socket) => printer.accept(socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  printer.port = typeof address === 'object' && address ? address.port : 0;
  return printer;
}

import { EventEmitter } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { encodeStatus, OK_STATUS, type PrinterStatus } from '../escpos/status.ts';
import { printerProfiles } from '../profiles.ts';
import type { DecodedJob } from '../types.ts';
import { decodeWithBlocks } from './escpos-decoder.ts';
import { JobSplitter } from './job-splitter.ts';
import { layoutText, PAPER_WIDTH_DOTS } from './paper-layout.ts';
import { renderJobPng } from './render-png.ts';

export type VirtualPrinterState = Partial<PrinterStatus>;

export interface VirtualPrinter extends EventEmitter {
  on(event: 'job', listener: (job: DecodedJob) => void): this;
  port: number;
  /** Printable width in dots the jobs are laid out and rendered at. */
  readonly widthDots: number;
  jobs: DecodedJob[];
  /** Scripts the DLE EOT answers. While a fault is set, received jobs are held and print when it clears. */
  setStatus(s: VirtualPrinterState): void;
  /** Applies `s` when the next job arrives, before it prints: e.g. the paper runs out during that job. */
  setStatusAfterNextJob(s: VirtualPrinterState): void;
  /** Serves one more byte link, e.g. the far end of a virtual serial port (socat pty pair). */
  attach(link: Duplex): void;
  /** Jobs received while faulted, not yet printed. */
  readonly heldJobs: number;
  close(): Promise<void>;
}

export interface VirtualPrinterOptions {
  port?: number;
  /** When set, each job is written there as NNNN.bin (raw), NNNN.txt (transcript), NNNN.layout.txt (columns) and NNNN.png. */
  outDir?: string;
  /** Render a PNG per job when outDir is set (default true). */
  png?: boolean;
  /** Printable width, in dots: 384 for 58 mm paper, 576 (the default) for 80 mm. */
  widthDots?: number;
  /** A printer profile id (profiles.ts) whose width to use when `widthDots` is not given. */
  profile?: string;
}

class TcpVirtualPrinter extends EventEmitter implements VirtualPrinter {
  port = 0;
  readonly jobs: DecodedJob[] = [];
  readonly widthDots: number;
  private status: PrinterStatus = { ...OK_STATUS };
  private readonly held: Buffer[] = [];
  private readonly links = new Set<Duplex>();
  private nextId = 1;
  private onNextJob: VirtualPrinterState | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly server: Server,
    private readonly opts: VirtualPrinterOptions,
  ) {
    super();
    this.widthDots = opts.widthDots ?? profileWidth(opts.profile) ?? PAPER_WIDTH_DOTS['80mm'];
  }

  get heldJobs(): number {
    return this.held.length;
  }

  setStatus(s: VirtualPrinterState): void {
    this.status = { ...this.status, ...s };
    if (!this.faulted()) for (const raw of this.held.splice(0)) this.print(raw);
  }

  setStatusAfterNextJob(s: VirtualPrinterState): void {
    this.onNextJob = s;
  }

  attach(link: Duplex): void {
    this.links.add(link);
    const splitter = new JobSplitter(
      (raw) => this.receive(raw),
      (token) => {
        const n = token.params[0] ?? 0;
        if (token.name === 'DLE EOT' && n >= 1 && n <= 4)
          link.write(Buffer.from([encodeStatus(this.status)[n - 1]!]));
      },
    );
    link.on('data', (chunk: Buffer) => splitter.push(chunk));
    link.on('error', () => {});
    link.on('close', () => {
      this.links.delete(link);
      splitter.end();
    });
  }

  async close(): Promise<void> {
    for (const link of this.links) link.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.writing;
  }

  private receive(raw: Buffer): void {
    if (this.onNextJob) {
      this.status = { ...this.status, ...this.onNextJob };
      this.onNextJob = undefined;
    }
    if (this.faulted()) this.held.push(raw);
    else this.print(raw);
  }

  private faulted(): boolean {
    const s = this.status;
    return s.paperOut || s.coverOpen || s.offline || s.cutterError || s.unrecoverableError || s.paperJam;
  }

  private print(raw: Buffer): void {
    const decoded = decodeWithBlocks(raw);
    const job: DecodedJob = {
      id: this.nextId++,
      raw,
      ...decoded.content(),
      widthDots: this.widthDots,
      layout: layoutText(decoded.blocks, this.widthDots),
    };
    const dir = this.opts.outDir;
    if (!dir) {
      this.publish(job);
      return;
    }
    // With an output folder the job is announced once its files exist, still in arrival order.
    const base = join(dir, String(job.id).padStart(4, '0'));
    this.writing = this.writing.then(async () => {
      try {
        await mkdir(dir, { recursive: true });
        await writeFile(`${base}.bin`, raw);
        await writeFile(`${base}.txt`, transcript(job));
        await writeFile(`${base}.layout.txt`, job.layout ?? '');
        if (this.opts.png !== false) {
          await writeFile(`${base}.png`, await renderJobPng(decoded.blocks, this.widthDots));
          job.pngPath = `${base}.png`;
        }
      } catch (err) {
        if (this.listenerCount('error') > 0) this.emit('error', err);
        else process.emitWarning(`virtual printer could not write job ${job.id}: ${String(err)}`);
      }
      this.publish(job);
    });
  }

  private publish(job: DecodedJob): void {
    this.jobs.push(job);
    this.emit('job', job);
  }
}

function profileWidth(id: string | undefined): number | undefined {
  if (id === undefined) return undefined;
  const profile = printerProfiles[id];
  if (!profile)
    throw new RangeError(`unknown printer profile '${id}' (${Object.keys(printerProfiles).join(', ')})`);
  return profile.widthDots;
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
  server.on('connection', (socket) => printer.attach(socket));
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

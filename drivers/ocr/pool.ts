/**
 * A warm pool of OCR workers for the appliance to hold: `size` recognisers, each with its models
 * loaded, lent to one image at a time. Preprocessing runs on the caller's thread; recognition runs in
 * tesseract.js's worker threads.
 */
import type { Language } from './engine/local-data.ts';
import type { Recognizer } from './engine/recognizer.ts';
import { TesseractJsRecognizer } from './engine/tesseract-js.ts';
import { OcrError } from './errors.ts';
import { type ReadCardOptions, readIdCard } from './id-number/read-card.ts';
import type { FrameInput } from './image/raster.ts';
import { readMrz } from './mrz/read-mrz.ts';
import type { IdCardOcrResult, MrzOcrResult } from './types.ts';

export interface OcrPoolOptions {
  /** Number of recognisers working side by side; default 1 (a kiosk reads one document at a time). */
  size?: number;
  /** Models loaded up front; default both ('chi_sim' is needed for names). */
  languages?: Language[];
  /** For tests and the benchmark: another engine, e.g. the native tesseract CLI. */
  createRecognizer?: () => Recognizer;
}

export interface OcrPoolStats {
  size: number;
  busy: number;
  queued: number;
  served: number;
  failed: number;
}

type Warmable = Recognizer & { warm?: (languages: Language[]) => Promise<void> };

export class OcrPool {
  readonly size: number;
  private readonly idle: Recognizer[] = [];
  private readonly all: Recognizer[] = [];
  private readonly waiters: Array<{ resolve: (r: Recognizer) => void; reject: (e: Error) => void }> = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly warming: Promise<void>;
  private closed = false;
  private served = 0;
  private failed = 0;

  constructor(opts: OcrPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(opts.size ?? 1));
    const languages = opts.languages ?? ['eng', 'chi_sim'];
    const create = opts.createRecognizer ?? (() => new TesseractJsRecognizer());
    for (let i = 0; i < this.size; i++) {
      const r = create();
      this.all.push(r);
      this.idle.push(r);
    }
    this.warming = Promise.all(this.all.map((r) => (r as Warmable).warm?.(languages))).then(() => undefined);
    // A failed warm-up surfaces on the first job (and from ready()); never as an unhandled rejection.
    this.warming.catch(() => {});
  }

  /** Starts a pool and resolves once every model is loaded. */
  static async start(opts: OcrPoolOptions = {}): Promise<OcrPool> {
    const pool = new OcrPool(opts);
    try {
      await pool.ready();
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  /** Resolves when the models are loaded; rejects with an OcrError if they could not be. */
  ready(): Promise<void> {
    return this.warming;
  }

  /** ID number (and name) from a photo of the front of a resident ID card. */
  recognizeIdCard(image: FrameInput, opts?: ReadCardOptions): Promise<IdCardOcrResult> {
    return this.withRecognizer((r) => readIdCard(image, r, opts));
  }

  /** ICAO 9303 machine-readable zone (TD1, TD2, TD3) from a photo of a passport page or card. */
  recognizeMrz(image: FrameInput): Promise<MrzOcrResult> {
    return this.withRecognizer((r) => readMrz(image, r));
  }

  stats(): OcrPoolStats {
    return {
      size: this.size,
      busy: this.size - this.idle.length,
      queued: this.waiters.length,
      served: this.served,
      failed: this.failed,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(new OcrError('pool-closed', 'the OCR pool was closed'));
    await Promise.allSettled([...this.inFlight]);
    await Promise.allSettled(this.all.map((r) => r.close()));
  }

  private async withRecognizer<T>(job: (r: Recognizer) => Promise<T>): Promise<T> {
    if (this.closed) throw new OcrError('pool-closed', 'the OCR pool is closed');
    const recognizer = await this.acquire();
    const run = (async () => {
      try {
        await this.warming;
        const result = await job(recognizer);
        this.served++;
        return result;
      } catch (err) {
        this.failed++;
        throw err;
      } finally {
        this.release(recognizer);
      }
    })();
    this.inFlight.add(run);
    run.then(
      () => this.inFlight.delete(run),
      () => this.inFlight.delete(run),
    );
    return run;
  }

  private acquire(): Promise<Recognizer> {
    const r = this.idle.pop();
    if (r) return Promise.resolve(r);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private release(r: Recognizer): void {
    const next = this.waiters.shift();
    if (next) next.resolve(r);
    else this.idle.push(r);
  }
}

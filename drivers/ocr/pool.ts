import { readDocument } from './document.ts';
import type { Language } from './engine/local-data.ts';
import type { Recognizer } from './engine/recognizer.ts';
import { type TesseractJsOptions, TesseractJsRecognizer } from './engine/tesseract-js.ts';
import { OcrError } from './errors.ts';
import { type ReadCardOptions, readIdCard } from './id-number/read-card.ts';
import type { DecodedFrame, FrameInput } from './image/raster.ts';
import { readMrz } from './mrz/read-mrz.ts';
import type { DocumentOcrResult, IdCardOcrResult, MrzOcrResult } from './types.ts';

export interface OcrPoolOptions {
  /** Most recognisers working side by side; default 1 (a kiosk reads one document at a time). */
  size?: number;
  /** Models a recogniser loads when it starts; default both ('chi_sim' is needed for names). */
  languages?: Language[];
  /** For tests and the benchmark: another engine, e.g. the native tesseract CLI. */
  createRecognizer?: () => Recognizer;
  /** Models for the default tesseract.js engine ('4.0.0_best_int' chi_sim saves ~180 MB, reads fewer names). */
  models?: TesseractJsOptions['models'];
  /**
   * Idle recognisers are closed (their tesseract workers and models freed) after this long without
   * work; default 120 000 ms, 0 keeps them. The next request starts them again.
   */
  idleMs?: number;
}

export interface OcrPoolStats {
  size: number;
  /** Recognisers alive now (0 before the first request and after an idle shrink). */
  live: number;
  busy: number;
  queued: number;
  served: number;
  failed: number;
  /** Recognisers started since the pool was made. */
  started: number;
}

type Warmable = Recognizer & { warm?: (languages: Language[]) => Promise<void> };

interface Slot {
  recognizer: Warmable;
  warming: Promise<void>;
}

/**
 * A lazy pool of OCR recognisers for the appliance to hold: none exists until the first request,
 * at most `size` run at once, each lent to one image at a time, and all are closed again after
 * `idleMs` without work so an idle kiosk holds no tesseract memory. Preprocessing runs on the
 * caller's thread; recognition runs in tesseract.js's worker threads.
 */
export class OcrPool {
  readonly size: number;
  private readonly languages: Language[];
  private readonly create: () => Recognizer;
  private readonly idleMs: number;
  private readonly idle: Slot[] = [];
  private readonly all = new Set<Slot>();
  private readonly waiters: Array<{ resolve: (s: Slot) => void; reject: (e: Error) => void }> = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private served = 0;
  private failed = 0;
  private started = 0;

  constructor(opts: OcrPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(opts.size ?? 1));
    this.languages = opts.languages ?? ['eng', 'chi_sim'];
    const models = opts.models;
    this.create = opts.createRecognizer ?? (() => new TesseractJsRecognizer(models ? { models } : {}));
    this.idleMs = Math.max(0, opts.idleMs ?? 120_000);
  }

  /** A pool with every recogniser started and its models loaded (the CLI and the benchmark). */
  static async start(opts: OcrPoolOptions = {}): Promise<OcrPool> {
    const pool = new OcrPool(opts);
    try {
      await pool.warm();
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  /** Starts recognisers up to `size` now and waits for their models; rejects with an OcrError. */
  async warm(): Promise<void> {
    while (this.all.size < this.size) this.idle.push(this.startSlot(true));
    await Promise.all([...this.all].map((s) => s.warming));
    this.armIdleTimer();
  }

  /** ID number and name from a photo of the front of an ID card (any of the four types). */
  recognizeIdCard(image: FrameInput | DecodedFrame, opts?: ReadCardOptions): Promise<IdCardOcrResult> {
    return this.withRecognizer((r) => readIdCard(image, r, opts));
  }

  /** ICAO 9303 machine-readable zone (TD1, TD2, TD3) from a photo of a passport page or card. */
  recognizeMrz(image: FrameInput | DecodedFrame): Promise<MrzOcrResult> {
    return this.withRecognizer((r) => readMrz(image, r));
  }

  /** Either document: an MRZ when the frame shows one, otherwise the ID card pipeline. */
  recognizeDocument(image: FrameInput | DecodedFrame, opts?: ReadCardOptions): Promise<DocumentOcrResult> {
    return this.withRecognizer((r) => readDocument(image, r, opts));
  }

  stats(): OcrPoolStats {
    return {
      size: this.size,
      live: this.all.size,
      busy: this.all.size - this.idle.length,
      queued: this.waiters.length,
      served: this.served,
      failed: this.failed,
      started: this.started,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    for (const w of this.waiters.splice(0)) w.reject(new OcrError('pool-closed', 'the OCR pool was closed'));
    await Promise.allSettled([...this.inFlight]);
    const slots = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.allSettled(slots.map((s) => s.recognizer.close()));
  }

  /** A new recogniser; `warm` loads its models now, else each loads on first use (eng first). */
  private startSlot(warm: boolean): Slot {
    const recognizer = this.create() as Warmable;
    this.started++;
    const warming = Promise.resolve(warm ? recognizer.warm?.(this.languages) : undefined);
    // A failed start surfaces on the job that waits for it, never as an unhandled rejection.
    warming.catch(() => {});
    const slot = { recognizer, warming };
    this.all.add(slot);
    return slot;
  }

  private async withRecognizer<T>(job: (r: Recognizer) => Promise<T>): Promise<T> {
    if (this.closed) throw new OcrError('pool-closed', 'the OCR pool is closed');
    clearTimeout(this.idleTimer);
    const slot = await this.acquire();
    const run = (async () => {
      try {
        try {
          await slot.warming;
        } catch (err) {
          // A recogniser that could not start is dropped; the next request tries a fresh one.
          this.all.delete(slot);
          void slot.recognizer.close().catch(() => {});
          throw err;
        }
        const result = await job(slot.recognizer);
        this.served++;
        return result;
      } catch (err) {
        this.failed++;
        throw err;
      } finally {
        if (this.all.has(slot)) this.release(slot);
        else this.wakeWaiter();
        this.armIdleTimer();
      }
    })();
    this.inFlight.add(run);
    run.then(
      () => this.inFlight.delete(run),
      () => this.inFlight.delete(run),
    );
    return run;
  }

  private acquire(): Promise<Slot> {
    const slot = this.idle.pop();
    if (slot) return Promise.resolve(slot);
    if (this.all.size < this.size) return Promise.resolve(this.startSlot(false));
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private release(slot: Slot): void {
    const next = this.waiters.shift();
    if (next) next.resolve(slot);
    else this.idle.push(slot);
  }

  /** A slot was dropped: a waiter may start a new one in its place. */
  private wakeWaiter(): void {
    const next = this.waiters.shift();
    if (next && !this.closed) next.resolve(this.startSlot(false));
  }

  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    if (this.closed || this.idleMs === 0 || this.all.size === 0) return;
    this.idleTimer = setTimeout(() => this.shrink(), this.idleMs);
    this.idleTimer.unref();
  }

  /** Closes every idle recogniser (all of them, when nothing is in flight). */
  private shrink(): void {
    if (this.closed) return;
    for (const slot of this.idle.splice(0)) {
      this.all.delete(slot);
      void slot.recognizer.close().catch(() => {});
    }
  }
}

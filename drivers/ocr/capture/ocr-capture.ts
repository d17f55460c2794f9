/**
 * The camera path: frames arrive as fast as the browser camera sends them; one is read at a time and
 * the rest are dropped while it is busy, hopeless frames (dark, washed out, blurred) skip OCR, and the
 * capture resolves with the first reading whose check digits are valid.
 *
 *     const capture = new OcrCapture(pool, { looking: 'any' });
 *     socket.on('frame', (jpeg) => capture.offer(jpeg));   // 'accepted' | 'busy' | 'done'
 *     const { reading, frameIndex, elapsedMs } = await capture.result;
 */
import { OcrError } from '../errors.ts';
import type { ReadCardOptions } from '../id-number/read-card.ts';
import { decodeFrame, type FrameInput } from '../image/raster.ts';
import type { OcrPool } from '../pool.ts';
import type { DocumentOcrResult, IdCardReading, MrzReading } from '../types.ts';
import { DEFAULT_PRECHECK, type PrecheckResult, type PrecheckThresholds, precheck } from './precheck.ts';

export interface OcrCaptureOptions {
  /** 'id-card', 'mrz' or either (default): what the kiosk asked the resident to show. */
  looking?: 'id-card' | 'mrz' | 'any';
  /** Read the name of an ID card too (default true). */
  readName?: boolean;
  precheck?: Partial<PrecheckThresholds>;
  /** Gives up after this long from the first frame offered (rejects with 'capture-timeout'); default none. */
  timeoutMs?: number;
  /**
   * Called once per frame that was taken (not for dropped frames) when it is done with: what became
   * of it. It may offer the next frame. If it throws, the capture fails with that error.
   */
  onFrame?: (report: FrameReport) => void;
  /** Monotonic milliseconds; for tests. */
  now?: () => number;
}

/** What `offer` did with a frame, at once: taken for a look, dropped because busy, or too late. */
export type OfferVerdict = 'accepted' | 'busy' | 'done';

export interface FrameReport {
  frameIndex: number;
  /** 'skipped': the pre-check found it hopeless; 'read': OCR ran; 'unreadable': not an image. */
  outcome: 'skipped' | 'read' | 'unreadable';
  precheck?: PrecheckResult;
  /** When read: what OCR found (valid or not). */
  result?: DocumentOcrResult;
  ms: number;
}

export interface CaptureResult {
  reading: IdCardReading | MrzReading;
  /** Index of the frame that gave the reading, counting every frame offered from 0. */
  frameIndex: number;
  /** From the first frame offered to the valid reading. */
  elapsedMs: number;
  framesOffered: number;
  framesDropped: number;
  framesSkipped: number;
  framesRead: number;
}

export interface CaptureStats {
  framesOffered: number;
  framesDropped: number;
  framesSkipped: number;
  framesRead: number;
  busy: boolean;
  done: boolean;
}

function isUsableReading(r: DocumentOcrResult): r is IdCardReading | MrzReading {
  return (r.kind === 'id-card' && r.numberValid) || (r.kind === 'mrz' && r.valid);
}

export class OcrCapture {
  /** Resolves with the first valid reading; rejects on cancel, timeout or a broken engine. */
  readonly result: Promise<CaptureResult>;
  private resolve!: (r: CaptureResult) => void;
  private reject!: (e: Error) => void;
  private readonly thresholds: PrecheckThresholds;
  private readonly now: () => number;
  private startedAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private done = false;
  private offered = 0;
  private dropped = 0;
  private skipped = 0;
  private read = 0;

  constructor(
    private readonly pool: OcrPool,
    private readonly opts: OcrCaptureOptions = {},
  ) {
    this.thresholds = { ...DEFAULT_PRECHECK, ...opts.precheck };
    this.now = opts.now ?? (() => performance.now());
    this.result = new Promise<CaptureResult>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // A capture nobody awaits (the resident walked away) must not become an unhandled rejection.
    this.result.catch(() => {});
  }

  /** Hands over one camera frame (JPEG/PNG bytes or RGBA pixels); never waits for OCR. */
  offer(frame: FrameInput): OfferVerdict {
    if (this.done) return 'done';
    const frameIndex = this.offered++;
    if (this.startedAt === undefined) {
      this.startedAt = this.now();
      if (this.opts.timeoutMs !== undefined) {
        this.timer = setTimeout(
          () => this.fail(new OcrError('capture-timeout', 'no document was read in time')),
          this.opts.timeoutMs,
        );
        this.timer.unref();
      }
    }
    if (this.busy) {
      this.dropped++;
      return 'busy';
    }
    this.busy = true;
    void this.look(frame, frameIndex).then((report) => {
      // Free before reporting, so the callback may offer the next frame at once; report, then settle.
      this.busy = false;
      if (!report) return;
      try {
        this.opts.onFrame?.(report);
      } catch (err) {
        this.fail(err as Error);
        return;
      }
      if (report.result && isUsableReading(report.result)) this.succeed(report.result, frameIndex);
    });
    return 'accepted';
  }

  /** Stops the capture: `result` rejects with 'capture-cancelled' unless it already settled. */
  cancel(): void {
    this.fail(new OcrError('capture-cancelled', 'the capture was cancelled'));
  }

  stats(): CaptureStats {
    return {
      framesOffered: this.offered,
      framesDropped: this.dropped,
      framesSkipped: this.skipped,
      framesRead: this.read,
      busy: this.busy,
      done: this.done,
    };
  }

  private async look(frame: FrameInput, frameIndex: number): Promise<FrameReport | undefined> {
    const started = this.now();
    const report = (r: Omit<FrameReport, 'frameIndex' | 'ms'>): FrameReport => ({
      frameIndex,
      ms: this.now() - started,
      ...r,
    });
    let decoded: Awaited<ReturnType<typeof decodeFrame>>;
    try {
      decoded = await decodeFrame(frame);
    } catch (err) {
      if (err instanceof OcrError && err.code === 'image-unreadable') {
        this.skipped++;
        return report({ outcome: 'unreadable' });
      }
      this.fail(err as Error);
      return undefined;
    }
    const check = precheck(decoded.gray, this.thresholds);
    if (check.verdict !== 'ok') {
      this.skipped++;
      return report({ outcome: 'skipped', precheck: check });
    }
    if (this.done) return undefined;
    let result: DocumentOcrResult;
    try {
      result = await this.recognize(decoded);
    } catch (err) {
      this.fail(err as Error);
      return undefined;
    }
    this.read++;
    return report({ outcome: 'read', precheck: check, result });
  }

  private succeed(reading: IdCardReading | MrzReading, frameIndex: number): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.resolve({
      reading,
      frameIndex,
      elapsedMs: this.now() - (this.startedAt ?? 0),
      framesOffered: this.offered,
      framesDropped: this.dropped,
      framesSkipped: this.skipped,
      framesRead: this.read,
    });
  }

  private recognize(frame: Awaited<ReturnType<typeof decodeFrame>>): Promise<DocumentOcrResult> {
    const cardOpts: ReadCardOptions = { readName: this.opts.readName !== false };
    const looking = this.opts.looking ?? 'any';
    if (looking === 'id-card') return this.pool.recognizeIdCard(frame, cardOpts);
    if (looking === 'mrz') return this.pool.recognizeMrz(frame);
    return this.pool.recognizeDocument(frame, cardOpts);
  }

  private fail(err: Error): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.reject(err);
  }
}

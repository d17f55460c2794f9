/**
 * The document camera's capture loop, framework-free: grab a frame, have the appliance read it,
 * say what it saw, and stop at the first reading whose check digits hold (a valid ID number, or a
 * valid MRZ). One frame is in flight at a time, so a slow OCR never queues frames behind it.
 */
import type { DocumentKind, DocumentReadView } from '../../../contract/api.ts';
import { ApiClientError } from '../../shared/api-client.ts';

export interface CaptureDeps {
  /** The current camera frame as JPEG, or null while the camera has no picture yet. */
  grab(): Promise<Blob | null>;
  read(frame: Blob, kind: DocumentKind): Promise<DocumentReadView>;
  /** Which document the resident holds up (read anew for every frame: they may switch). */
  kind(): DocumentKind;
  /** After every frame read, valid or not. */
  onFrame(view: DocumentReadView, frames: number): void;
  wait(ms: number): Promise<void>;
  now(): number;
}

export interface CaptureResult {
  view: DocumentReadView;
  /** Frames sent until (and including) the one that read with valid check digits. */
  frames: number;
  elapsedMs: number;
}

/** The answers that end the loop: the kiosk has no camera, or OCR is broken. */
const FATAL = new Set(['camera.absent', 'camera.fault', 'device.unpaired', 'device.wrong-role']);

/** Whether a reading may be used: valid check digits, and for an ID card the appliance identified the holder. */
export function usable(view: DocumentReadView): boolean {
  return view.valid && view.identified;
}

/**
 * Runs until a usable reading (resolved), `signal` aborts (null), or `timeoutMs` passes (null).
 * A fatal answer from the appliance rejects with its ApiClientError.
 */
export async function runCapture(
  deps: CaptureDeps,
  signal: AbortSignal,
  opts: { timeoutMs: number; gapMs?: number } = { timeoutMs: 60_000 },
): Promise<CaptureResult | null> {
  const started = deps.now();
  const gap = opts.gapMs ?? 150;
  let frames = 0;
  while (!signal.aborted && deps.now() - started < opts.timeoutMs) {
    const frame = await deps.grab();
    if (signal.aborted) return null;
    if (!frame) {
      await deps.wait(100);
      continue;
    }
    let view: DocumentReadView;
    try {
      view = await deps.read(frame, deps.kind());
    } catch (err) {
      if (err instanceof ApiClientError && FATAL.has(err.code)) throw err;
      // An unreadable frame or a network blip: try the next frame.
      await deps.wait(500);
      continue;
    }
    frames++;
    if (signal.aborted) return null;
    deps.onFrame(view, frames);
    if (usable(view)) return { view, frames, elapsedMs: deps.now() - started };
    await deps.wait(gap);
  }
  return null;
}

/** What the screen says about the last frame: a message key for the hint line. */
export type CaptureHint =
  | 'kiosk.camera.hint.place'
  | 'kiosk.camera.hint.place-mrz'
  | 'kiosk.camera.hint.unsure';

export function hintFor(view: DocumentReadView | null, kind: DocumentKind): CaptureHint {
  if (view && view.kind !== 'not-found' && !view.valid) return 'kiosk.camera.hint.unsure';
  return kind === 'mrz' ? 'kiosk.camera.hint.place-mrz' : 'kiosk.camera.hint.place';
}

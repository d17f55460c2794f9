/**
 * A document moving into place under the kiosk camera, as a sequence of frames: first half out of the
 * frame and smeared by motion, then closer and less blurred, then held still (each steady frame with
 * fresh sensor noise and a little hand tremor).
 */
import type { CameraOptions } from './camera.ts';
import { type CardImageOptions, cardImage } from './card-image.ts';
import type { Condition } from './conditions.ts';
import { mrzImage } from './mrz-image.ts';
import { seededRandom } from './random.ts';

export interface SequenceOptions {
  seed: number;
  /** Frames in all; default 24. */
  frames?: number;
  /** Frames before the document is in place; default 6. */
  approach?: number;
  /** Condition of the steady frames; default 'baseline'. */
  condition?: Condition;
}

type CameraOverride = Partial<Omit<CameraOptions, 'rand'>>;

/** Camera overrides frame by frame: the approach slides in from one side, then the hand holds still. */
export function approachPath(opts: SequenceOptions): CameraOverride[] {
  const frames = opts.frames ?? 24;
  const approach = opts.approach ?? 6;
  const rand = seededRandom(opts.seed ^ 0x5eed);
  const fromLeft = rand() < 0.5;
  const out: CameraOverride[] = [];
  for (let i = 0; i < frames; i++) {
    if (i < approach) {
      const t = i / approach;
      out.push({
        offset: { x: (fromLeft ? -1 : 1) * 0.45 * (1 - t), y: 0.15 * (1 - t) },
        angleDeg: (fromLeft ? -1 : 1) * 14 * (1 - t),
        blurPx: 6 * (1 - t) + 1.5,
      });
    } else {
      out.push({ offset: { x: (rand() - 0.5) * 0.01, y: (rand() - 0.5) * 0.01 } });
    }
  }
  return out;
}

/** Frames of one ID card moving into place (JPEG bytes, as a browser camera would send them). */
export async function cardSequence(
  opts: SequenceOptions & { card?: Omit<CardImageOptions, 'seed' | 'camera' | 'condition'> },
): Promise<{ frames: Buffer[]; person: Awaited<ReturnType<typeof cardImage>>['person'] }> {
  const path = approachPath(opts);
  const frames: Buffer[] = [];
  // The person first, then the same card and camera in every frame; only the motion differs.
  const { person } = await cardImage({ ...opts.card, seed: opts.seed });
  for (const [i, camera] of path.entries()) {
    const card = await cardImage({
      ...opts.card,
      seed: opts.seed,
      condition: opts.condition ?? 'baseline',
      camera: { ...camera, noiseSeed: i + 1 },
      person,
    });
    frames.push(card.image);
  }
  return { frames, person };
}

/** Frames of a passport page or permit (its MRZ lines given) moving into place. */
export async function mrzSequence(opts: SequenceOptions & { lines: string[] }): Promise<Buffer[]> {
  const frames: Buffer[] = [];
  for (const [i, camera] of approachPath(opts).entries()) {
    frames.push(
      await mrzImage({
        lines: opts.lines,
        seed: opts.seed,
        condition: opts.condition ?? 'baseline',
        camera: { ...camera, noiseSeed: i + 1 },
      }),
    );
  }
  return frames;
}

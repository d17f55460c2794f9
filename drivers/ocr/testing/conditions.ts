/**
 * Named photographic conditions for the test set: each starts from a mild, everyday frame and stresses
 * one thing (rotation, perspective, a shadow, dim or harsh light, a colour cast, glare, blur, heavy JPEG,
 * sensor noise, a card held far away), so accuracy can be reported per condition.
 */
import type { CameraOptions } from './camera.ts';

export const CONDITIONS = [
  'baseline',
  'rotated',
  'perspective',
  'shadow',
  'dim',
  'overexposed',
  'colour-cast',
  'glare',
  'blur',
  'jpeg-low',
  'noise',
  'small',
] as const;

export type Condition = (typeof CONDITIONS)[number];

const between = (rand: () => number, lo: number, hi: number): number => lo + rand() * (hi - lo);
const signed = (rand: () => number, lo: number, hi: number): number =>
  (rand() < 0.5 ? -1 : 1) * between(rand, lo, hi);

const DESKS: ReadonlyArray<readonly [number, number, number]> = [
  [138, 143, 150],
  [92, 70, 52],
  [50, 52, 58],
  [200, 198, 190],
];

/** Camera settings for one frame under `condition`; everything random comes from `rand`. */
export function cameraFor(condition: Condition, rand: () => number): CameraOptions {
  const opts: CameraOptions = {
    angleDeg: signed(rand, 0, 5),
    keystone: { x: signed(rand, 0, 0.03), y: signed(rand, 0, 0.03) },
    fill: between(rand, 0.62, 0.85),
    offset: { x: signed(rand, 0, 0.05), y: signed(rand, 0, 0.05) },
    shade: between(rand, 0, 0.25),
    shadow: 0,
    gain: between(rand, 0.9, 1.1),
    cast: [1, 1, 1],
    blurPx: between(rand, 0, 0.8),
    noise: between(rand, 2, 8),
    chromaNoise: between(rand, 0, 3),
    format: 'jpeg',
    jpegQuality: Math.round(between(rand, 80, 95)),
    desk: DESKS[Math.floor(rand() * DESKS.length)]!,
    rand,
  };
  switch (condition) {
    case 'baseline':
      break;
    case 'rotated':
      opts.angleDeg = signed(rand, 8, 15);
      opts.fill = Math.min(opts.fill, 0.72);
      break;
    case 'perspective':
      opts.keystone = { x: signed(rand, 0.06, 0.15), y: signed(rand, 0.04, 0.12) };
      break;
    case 'shadow':
      opts.shadow = between(rand, 0.35, 0.6);
      break;
    case 'dim':
      opts.gain = between(rand, 0.3, 0.5);
      opts.noise = between(rand, 8, 14);
      break;
    case 'overexposed':
      opts.gain = between(rand, 1.4, 1.8);
      break;
    case 'colour-cast':
      opts.cast = rand() < 0.5 ? [1.12, 0.95, 0.68] : [0.72, 0.9, 1.12];
      break;
    case 'glare':
      opts.glare = {
        x: between(rand, 0.15, 0.85),
        y: between(rand, 0.15, 0.85),
        radius: between(rand, 0.08, 0.2),
        strength: between(rand, 0.6, 0.95),
      };
      break;
    case 'blur':
      opts.blurPx = between(rand, 1.4, 2.4);
      break;
    case 'jpeg-low':
      opts.jpegQuality = Math.round(between(rand, 20, 40));
      break;
    case 'noise':
      opts.noise = between(rand, 14, 24);
      opts.chromaNoise = between(rand, 4, 10);
      break;
    case 'small':
      opts.fill = between(rand, 0.48, 0.56);
      break;
  }
  return opts;
}

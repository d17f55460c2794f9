/**
 * A cheap look at a camera frame before OCR: too dark, too bright, or too blurred to read. Measured on
 * the decoded grey frame, sampled on a coarse grid (a few milliseconds for a 1280 × 800 frame).
 */
import type { Gray } from '../image/raster.ts';

export interface PrecheckThresholds {
  /** Mean grey level below which nothing can be read. */
  minBrightness: number;
  /** Mean grey level above which the frame is washed out. */
  maxBrightness: number;
  /** Share of clipped-white pixels above which the frame is washed out. */
  maxClipped: number;
  /**
   * Sharpness: the mean of the strongest 2% of Laplacian responses (of 3 × 3 means) less four times
   * the median response (the noise floor), in grey levels. Text in focus gives strong, narrow edges;
   * a moving or defocused card gives none, however noisy the sensor. Scaled to a mid-grey exposure.
   */
  minSharpness: number;
}

export const DEFAULT_PRECHECK: PrecheckThresholds = {
  minBrightness: 28,
  maxBrightness: 245,
  maxClipped: 0.9,
  minSharpness: 15,
};

export type PrecheckVerdict = 'ok' | 'too-dark' | 'too-bright' | 'blurred';

export interface PrecheckResult {
  verdict: PrecheckVerdict;
  brightness: number;
  clipped: number;
  sharpness: number;
}

export function precheck(gray: Gray, thresholds: PrecheckThresholds = DEFAULT_PRECHECK): PrecheckResult {
  const { width: w, height: h, data } = gray;
  const step = Math.max(1, Math.round(Math.sqrt((w * h) / 60_000)));
  let sum = 0;
  let clippedCount = 0;
  let n = 0;
  // Responses are at most 4 × 255; a histogram gives their percentiles without sorting.
  const histogram = new Uint32Array(1021);
  // 3 × 3 means, so sensor noise does not pass for sharp edges; the Laplacian spans 2 pixels.
  const mean3 = (i: number): number =>
    (data[i - w - 1]! +
      data[i - w]! +
      data[i - w + 1]! +
      data[i - 1]! +
      data[i]! +
      data[i + 1]! +
      data[i + w - 1]! +
      data[i + w]! +
      data[i + w + 1]!) /
    9;
  for (let y = 3; y < h - 3; y += step) {
    for (let x = 3; x < w - 3; x += step) {
      const i = y * w + x;
      const v = data[i]!;
      sum += v;
      if (v >= 250) clippedCount++;
      n++;
      const c = mean3(i);
      const r = Math.abs(4 * c - mean3(i - 2) - mean3(i + 2) - mean3(i - 2 * w) - mean3(i + 2 * w));
      histogram[Math.min(1020, Math.round(r))]!++;
    }
  }
  const brightness = n ? sum / n : 0;
  const clipped = n ? clippedCount / n : 0;
  // Sharp text stands out from the frame's own noise floor (the median response): a blurred frame
  // has no strong edges however noisy it is.
  let median = 0;
  let topSum = 0;
  let topCount = 0;
  const topFrom = n * 0.98;
  for (let r = 0, acc = 0; r < histogram.length; r++) {
    const c = histogram[r]!;
    if (acc < n / 2 && acc + c >= n / 2) median = r;
    if (acc + c > topFrom) {
      const inTop = Math.min(c, acc + c - topFrom);
      topSum += inTop * r;
      topCount += inTop;
    }
    acc += c;
  }
  // Edges scale with exposure: measured as if the frame's mean were mid-grey (128).
  const edge = topCount ? topSum / topCount - 4 * median : 0;
  const sharpness = brightness > 0 ? (edge * 128) / brightness : 0;
  const verdict: PrecheckVerdict =
    brightness < thresholds.minBrightness
      ? 'too-dark'
      : brightness > thresholds.maxBrightness || clipped > thresholds.maxClipped
        ? 'too-bright'
        : sharpness < thresholds.minSharpness
          ? 'blurred'
          : 'ok';
  return {
    verdict,
    brightness: Math.round(brightness),
    clipped: Math.round(clipped * 1000) / 1000,
    sharpness: Math.round(sharpness * 10) / 10,
  };
}

/** Ink masks: local-mean (Bradley) thresholding, which survives shading and the card's coloured print. */
import type { Gray } from './raster.ts';

/**
 * 1 where a pixel is darker than the mean of its `window`×`window` neighbourhood by more than
 * `offset` grey levels. Uses an integral image, so cost does not depend on the window size.
 */
export function adaptiveInk(gray: Gray, window: number, offset: number): Uint8Array {
  const { width: w, height: h, data } = gray;
  const integral = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let rowSum = 0;
    for (let x = 0; x < w; x++) {
      rowSum += data[y * w + x]!;
      integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1]! + rowSum;
    }
  }
  const half = Math.max(1, Math.floor(window / 2));
  const ink = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - half);
    const y1 = Math.min(h, y + half + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - half);
      const x1 = Math.min(w, x + half + 1);
      const sum =
        integral[y1 * (w + 1) + x1]! -
        integral[y0 * (w + 1) + x1]! -
        integral[y1 * (w + 1) + x0]! +
        integral[y0 * (w + 1) + x0]!;
      const mean = sum / ((x1 - x0) * (y1 - y0));
      ink[y * w + x] = data[y * w + x]! < mean - offset ? 1 : 0;
    }
  }
  return ink;
}

/** Otsu's global threshold of a grey raster. */
export function otsuThreshold(gray: Gray): number {
  const hist = new Array<number>(256).fill(0);
  for (const v of gray.data) hist[v]!++;
  const total = gray.data.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * hist[i]!;
  let sumB = 0;
  let weightB = 0;
  let best = 0;
  let threshold = 127;
  for (let t = 0; t < 256; t++) {
    weightB += hist[t]!;
    if (weightB === 0) continue;
    const weightF = total - weightB;
    if (weightF === 0) break;
    sumB += t * hist[t]!;
    const meanB = sumB / weightB;
    const meanF = (sumAll - sumB) / weightF;
    const between = weightB * weightF * (meanB - meanF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** 3×3 mean filter: takes the edge off sensor noise before thresholding. */
export function boxBlur3(gray: Gray): Gray {
  const { width: w, height: h, data } = gray;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          sum += data[yy * w + xx]!;
          n++;
        }
      }
      out[y * w + x] = sum / n;
    }
  }
  return { width: w, height: h, data: out };
}

/** Connected components of an ink mask (8-connected), as bounding boxes with pixel counts. */

export interface Box {
  x0: number;
  y0: number;
  /** Exclusive. */
  x1: number;
  y1: number;
  pixels: number;
}

export function connectedComponents(ink: Uint8Array, width: number, height: number): Box[] {
  const labels = new Int32Array(width * height);
  const parent: number[] = [0];
  const find = (a: number): number => {
    let r = a;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[a] !== r) {
      const next = parent[a]!;
      parent[a] = r;
      a = next;
    }
    return r;
  };
  const union = (a: number, b: number): number => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return ra;
    const [lo, hi] = ra < rb ? [ra, rb] : [rb, ra];
    parent[hi] = lo;
    return lo;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (ink[i] === 0) continue;
      let label = 0;
      const neighbours = [
        x > 0 ? labels[i - 1]! : 0,
        y > 0 ? labels[i - width]! : 0,
        y > 0 && x > 0 ? labels[i - width - 1]! : 0,
        y > 0 && x + 1 < width ? labels[i - width + 1]! : 0,
      ];
      for (const n of neighbours) {
        if (n === 0) continue;
        label = label === 0 ? find(n) : union(label, n);
      }
      if (label === 0) {
        label = parent.length;
        parent.push(label);
      }
      labels[i] = label;
    }
  }
  const boxes = new Map<number, Box>();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const l = labels[y * width + x]!;
      if (l === 0) continue;
      const root = find(l);
      const b = boxes.get(root);
      if (b) {
        if (x < b.x0) b.x0 = x;
        if (x + 1 > b.x1) b.x1 = x + 1;
        if (y + 1 > b.y1) b.y1 = y + 1;
        b.pixels++;
      } else boxes.set(root, { x0: x, y0: y, x1: x + 1, y1: y + 1, pixels: 1 });
    }
  }
  return [...boxes.values()];
}

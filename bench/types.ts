/** What every benchmark returns: the project's figures beside an anchor measured in the same run. */
export interface BenchResult {
  name: string;
  metrics: Record<string, number>;
  anchor: Record<string, number>;
  ratio?: Record<string, number>;
  notes?: string;
  /** For benchmarks over sizes run a few at a time (bench/sizes.ts): when each size's figures were measured. */
  measuredAt?: Record<string, string>;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

export const round = (n: number, digits = 3): number => Number(n.toFixed(digits));

export class DurationError extends Error {
  readonly code = 'cli.bad-duration';
}

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses "90s", "30m", "24h", "7d" into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text.trim());
  if (!m) throw new DurationError(`'${text}' is not a duration like 30m, 24h or 7d`);
  return Number(m[1]) * (UNIT_MS[m[2] ?? 's'] ?? 1_000);
}

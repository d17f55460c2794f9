/**
 * The scoring standards an admin saves, beside the ones the configuration ships. Versions are
 * append-only (a trigger refuses UPDATE and DELETE): a change is a new version from a month on,
 * so a published month's score can always be recomputed with the standard it was scored under.
 */
import { Value } from '@sinclair/typebox/value';
import { SaveStandardRequest, type StandardVersion } from '../../contract/central-performance-api.ts';
import type { SqlRunner } from '../db/central-db.ts';
import { checkStandards, type ScoringStandard } from './standard.ts';

export class StandardError extends Error {
  readonly status = 422;
  readonly code = 'standard.invalid';
}

interface StoredRow {
  version: string;
  from_month: string;
  indicators: ScoringStandard['indicators'];
  note: string;
  created_by: string;
  created_at: string;
}

async function stored(db: SqlRunner): Promise<StandardVersion[]> {
  const rows = await db.query<StoredRow>(
    `SELECT version, from_month, indicators, note, created_by, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at
       FROM scoring_standards ORDER BY seq`,
  );
  return rows.map((r) => ({
    version: r.version,
    from: r.from_month,
    indicators: r.indicators,
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at,
  }));
}

/** Every version, the configured ones first, then the saved ones in the order they were saved. */
export async function allStandards(
  db: SqlRunner,
  configured: readonly ScoringStandard[],
): Promise<StandardVersion[]> {
  return [
    ...configured.map((s) => ({ ...s, createdBy: null, createdAt: null, note: null })),
    ...(await stored(db)),
  ];
}

/** The next free version name for a standard starting in `from`: '<year>.<n>'. */
function nextVersion(from: string, existing: readonly StandardVersion[]): string {
  const year = from.slice(0, 4);
  const used = existing.flatMap((s) => {
    const m = new RegExp(`^${year}\\.(\\d+)$`).exec(s.version);
    return m ? [Number(m[1])] : [];
  });
  return `${year}.${Math.max(0, ...used) + 1}`;
}

/** Checks and stores a new version; the caller's transaction also writes its audit row. */
export async function saveStandard(
  db: SqlRunner,
  configured: readonly ScoringStandard[],
  input: unknown,
  actor: string,
): Promise<{ version: string; from: string }> {
  if (!Value.Check(SaveStandardRequest, input)) {
    const first = [...Value.Errors(SaveStandardRequest, input)][0];
    throw new StandardError(
      `the standard is malformed: ${first?.path || '/'} ${first?.message ?? ''}`.trim(),
    );
  }
  const ids = input.indicators.map((i) => i.id);
  if (new Set(ids).size !== ids.length) throw new StandardError('an indicator is listed twice');
  const existing = await allStandards(db, configured);
  const version = nextVersion(input.from, existing);
  const candidate: ScoringStandard = { version, from: input.from, indicators: input.indicators };
  try {
    checkStandards([candidate]);
  } catch (err) {
    throw new StandardError((err as Error).message);
  }
  await db.query(
    `INSERT INTO scoring_standards (version, from_month, indicators, note, created_by) VALUES ($1, $2, $3::jsonb, $4, $5)`,
    [version, input.from, JSON.stringify(input.indicators), input.note.trim(), actor],
  );
  return { version, from: input.from };
}

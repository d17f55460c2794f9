/**
 * Summary tables ingest keeps by adding each changed row's (new − old) contribution: one row per
 * centre (kiosk), day and the dimensions pages group by, and the same per month (first day of the
 * month in `month`), so a trend over a year or a month's scores reads a few thousand rows.
 * Updated in place every batch: a fill factor below 100 leaves room for HOT updates.
 */
const FIGURES = {
  ticket: `issued integer NOT NULL DEFAULT 0, priority integer NOT NULL DEFAULT 0,
     waiting integer NOT NULL DEFAULT 0, called integer NOT NULL DEFAULT 0,
     served integer NOT NULL DEFAULT 0, no_show integer NOT NULL DEFAULT 0,
     wait_ms bigint NOT NULL DEFAULT 0, wait_n integer NOT NULL DEFAULT 0,
     handle_ms bigint NOT NULL DEFAULT 0, handle_n integer NOT NULL DEFAULT 0`,
  case: `accepted integer NOT NULL DEFAULT 0, completed integer NOT NULL DEFAULT 0,
     completed_late integer NOT NULL DEFAULT 0, refused integer NOT NULL DEFAULT 0,
     suspended integer NOT NULL DEFAULT 0, warnings integer NOT NULL DEFAULT 0,
     yellow integer NOT NULL DEFAULT 0, red integer NOT NULL DEFAULT 0`,
  rating: `n integer NOT NULL DEFAULT 0, s1 integer NOT NULL DEFAULT 0, s2 integer NOT NULL DEFAULT 0,
     s3 integer NOT NULL DEFAULT 0, s4 integer NOT NULL DEFAULT 0, s5 integer NOT NULL DEFAULT 0`,
} as const;

const DIMENSIONS = {
  ticket: ['kiosk_id', 'service_id', 'clerk'],
  case: ['kiosk_id', 'service_id', 'item_id', 'clerk'],
  rating: ['kiosk_id', 'service_id', 'clerk'],
} as const;

export type SummaryKind = keyof typeof DIMENSIONS;

/** The table and its key columns, in the order the projection's keys come in. */
export function summaryTable(kind: SummaryKind, grain: 'day' | 'month'): { table: string; key: string[] } {
  const [kiosk, ...rest] = DIMENSIONS[kind];
  return {
    table: `${kind}_stats${grain === 'month' ? '_month' : ''}`,
    key: [kiosk, grain, ...rest],
  };
}

export const SUMMARY_TABLES = (['ticket', 'case', 'rating'] as const).flatMap((k) =>
  (['day', 'month'] as const).map((g) => summaryTable(k, g).table),
);

export const summaryStatements = (['ticket', 'case', 'rating'] as const).flatMap((kind) =>
  (['day', 'month'] as const).flatMap((grain) => {
    const { table, key } = summaryTable(kind, grain);
    const columns = key.map((k) => `${k} ${k === grain ? 'date' : 'text'} NOT NULL`).join(', ');
    return [
      `CREATE TABLE IF NOT EXISTS ${table} (${columns}, ${FIGURES[kind]}, PRIMARY KEY (${key.join(', ')}))
         WITH (fillfactor = 85)`,
      `CREATE INDEX IF NOT EXISTS ${table}_${grain} ON ${table} (${grain})`,
    ];
  }),
);

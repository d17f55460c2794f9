/**
 * The district data centre on a simulated year: 20 centres (about 6M transactions, the shapes the
 * kiosks send) go into PostgreSQL 15 through ingest's own batch writer with two writers side by
 * side, keeping every projection; then each console page's API is asked 20 times with varied
 * filters over HTTP. Anchors, in the same run and on the same server: the same transactions
 * stored raw only (ingest as it was, no projections), and each page's question asked naively of
 * the raw `transactions` table (jsonb, latest state per case folded at query time).
 * SHEQU_BENCH_YEAR_SHARE=0.05 runs on a share of the year (quick look); the default is the year.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { percentile, round } from '../../bench/types.ts';
import type { TxEnvelope } from '../../contract/mqtt.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { type RunningCentral, startCentral } from '../central/start.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { districtStream, simDirectory } from '../simulate/district-stream.ts';
import { BATCH, bareInsertWriter, ingestWriter, load, take, WRITERS } from './central-console-load.ts';

const CENTRES = 20;
const TICKETS_PER_DAY = 285;
/** PGlite (one connection, in memory) is timed on this many of the same transactions. */
const PGLITE_SLICE = 30_000;
const RUNS = 20;
const NAIVE_RUNS = 5;
const FROM = '2025-01-01';

async function timed(fn: () => Promise<unknown>, runs: number): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return round(percentile(ms, 95), 1);
}

const addDays = (d: string, n: number) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
};

/** Each page's question over HTTP (ours) and as a naive query of the raw table (anchor). */
function pages(lastDay: string, days: number) {
  const pick = <T>(list: T[], i: number) => list[i % list.length]!;
  const centres = Array.from({ length: CENTRES }, (_, i) => `centre-${String(i + 1).padStart(2, '0')}`);
  const recentDays = Array.from({ length: 20 }, (_, i) => addDays(lastDay, -i));
  const monthStart = addDays(lastDay, -29);
  const latestCases = (where: string) => `WITH latest AS (
      SELECT DISTINCT ON (kiosk_id, body->>'caseId') kiosk_id, body FROM transactions
       WHERE type IN ('case.accepted', 'case.changed') ${where}
       ORDER BY kiosk_id, body->>'caseId', seq DESC)`;
  return [
    {
      name: 'today',
      http: (i: number) => `/api/overview/today?day=${pick(recentDays, i)}`,
      naive: (i: number) => ({
        sql: `${latestCases('')}
          SELECT k, (SELECT count(*) FROM transactions WHERE kiosk_id = k AND type = 'ticket.issued' AND body->>'day' = $1) AS issued,
                 (SELECT count(*) FROM transactions WHERE kiosk_id = k AND type = 'case.accepted' AND body->>'acceptedDay' = $1) AS accepted,
                 (SELECT count(*) FROM latest WHERE kiosk_id = k AND body->>'state' IN ('accepted', 'in-progress', 'suspended')) AS open
            FROM unnest($2::text[]) k`,
        params: [pick(recentDays, i), centres],
      }),
    },
    {
      name: 'trends',
      http: (i: number) =>
        `/api/overview/trend?by=month&from=${FROM}&to=${lastDay}${i % 2 ? `&centre=${pick(centres, i)}` : ''}`,
      naive: (i: number) => ({
        sql: `SELECT left(coalesce(body->>'day', body->>'acceptedDay'), 7) AS m, type, count(*) FROM transactions
               WHERE type IN ('ticket.issued', 'case.accepted', 'rating.given') ${i % 2 ? 'AND kiosk_id = $1' : 'AND $1::text IS NOT NULL'}
               GROUP BY 1, 2`,
        params: [pick(centres, i)],
      }),
    },
    {
      name: 'breakdown',
      http: () => `/api/overview/breakdown?by=centre&from=${monthStart}&to=${lastDay}`,
      naive: () => ({
        sql: `SELECT kiosk_id, count(*) FILTER (WHERE type = 'case.accepted') AS accepted,
                     count(*) FILTER (WHERE body->>'change' = 'complete') AS completed,
                     count(*) FILTER (WHERE type = 'ticket.issued') AS issued
                FROM transactions WHERE coalesce(body->>'completedDay', body->>'acceptedDay', body->>'day') BETWEEN $1 AND $2
               GROUP BY 1`,
        params: [monthStart, lastDay],
      }),
    },
    {
      name: 'cases',
      http: (i: number) => `/api/cases?centre=${pick(centres, i)}&state=open`,
      naive: (i: number) => ({
        sql: `${latestCases('AND kiosk_id = $1')}
          SELECT * FROM latest WHERE body->>'state' IN ('accepted', 'in-progress', 'suspended')
           ORDER BY body->>'acceptedDay' DESC LIMIT 50`,
        params: [pick(centres, i)],
      }),
    },
    {
      name: 'cases_filtered',
      http: (i: number) => `/api/cases?worst=yellow&from=${addDays(lastDay, -60 - (i % 30))}&to=${lastDay}`,
      naive: (i: number) => ({
        sql: `${latestCases('')}
          SELECT * FROM latest WHERE body->>'worstLevel' = 'yellow' AND body->>'acceptedDay' >= $1
           ORDER BY body->>'acceptedDay' DESC LIMIT 50`,
        params: [addDays(lastDay, -60 - (i % 30))],
      }),
    },
    {
      name: 'ratings',
      http: (i: number) =>
        `/api/ratings?poor=1&from=${monthStart}&to=${lastDay}${i % 2 ? `&centre=${pick(centres, i)}` : ''}`,
      naive: () => ({
        sql: `SELECT * FROM transactions WHERE type = 'rating.given' AND (body->>'score')::int <= 2
               AND body->>'day' BETWEEN $1 AND $2 ORDER BY body->>'day' DESC LIMIT 50`,
        params: [monthStart, lastDay],
      }),
    },
    {
      name: 'rectifications',
      http: () => `/api/rectifications?state=pending`,
      naive: () => ({
        sql: `SELECT kiosk_id, count(*) FROM transactions WHERE type = 'rating.given' AND (body->>'score')::int <= 2 GROUP BY 1`,
        params: [],
      }),
    },
    {
      name: 'tickets',
      http: (i: number) => `/api/tickets?centre=${pick(centres, i)}&day=${pick(recentDays, i)}`,
      naive: (i: number) => ({
        sql: `SELECT * FROM transactions WHERE kiosk_id = $1 AND type LIKE 'ticket.%' AND
                (body->>'day' = $2 OR to_char(to_timestamp(ts / 1000) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') = $2)
               ORDER BY seq LIMIT 50`,
        params: [pick(centres, i), pick(recentDays, i)],
      }),
    },
  ].map((p) => ({ ...p, days }));
}

/** Projection, raw-only and bare-insert throughput on an in-memory PGlite, each on a fresh database. */
async function pgliteThroughput(
  txs: TxEnvelope[],
): Promise<{ projected: number; raw: number; bare: number }> {
  const run = async <T>(fn: (db: CentralDb) => Promise<T>): Promise<T> => {
    const db = await openCentralDb();
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };
  const bare = await run(async (db) => (await load(await bareInsertWriter(db), txs, 1)).perS);
  const raw = await run(async (db) => (await load(ingestWriter(db, false), txs, 1)).perS);
  const projected = await run(async (db) => (await load(ingestWriter(db, true), txs, 1)).perS);
  return { projected, raw, bare };
}

/** The previous result's figures, kept in the notes (a run on another size or load replaces the file). */
function earlierRun(): string {
  try {
    const prev = JSON.parse(
      readFileSync(new URL('../../bench/results/central-console.json', import.meta.url), 'utf8'),
    ) as {
      date?: string;
      metrics?: Record<string, number>;
      anchor?: Record<string, number>;
      notes?: string;
    };
    const figures = Object.entries(prev.metrics ?? {})
      .map(([k, v]) => `${k} ${v}${prev.anchor?.[k] !== undefined ? ` (anchor ${prev.anchor[k]})` : ''}`)
      .join(', ');
    const earlier = prev.notes?.match(/Earlier runs: .*$/)?.[0] ?? '';
    return `Earlier runs: ${prev.date ?? '?'}: ${figures}. ${earlier.replace(/^Earlier runs: /, '')}`.trim();
  } catch {
    return '';
  }
}

async function login(central: RunningCentral): Promise<string> {
  const res = await fetch(`${central.url}api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'demo-admin-123' }),
  });
  if (!res.ok) throw new Error(`login: ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

export async function bench() {
  const share = Number(process.env.SHEQU_BENCH_YEAR_SHARE ?? '1');
  const days = Math.max(14, Math.round(365 * share));
  const pg = await startPostgres();
  const db = await openCentralDb(pg.url);
  await db.query('CREATE DATABASE anchor');
  const anchorDb = await openCentralDb(pg.url.replace(/\/postgres$/, '/anchor'));
  await db.query('CREATE DATABASE bare');
  const bareDb = await openCentralDb(pg.url.replace(/\/postgres$/, '/bare'));
  const loadAverage = round(loadavg()[0]!, 1);
  try {
    const opts = { centres: CENTRES, from: FROM, days, ticketsPerDay: TICKETS_PER_DAY, seed: 2025 };
    // The first 300,000 transactions are timed both ways; the rest of the year is loaded with projections.
    const measured = Math.min(300_000, Math.round(6_000_000 * share * 0.5));
    // Generated before the clock starts (the kiosks' work, not central's), the same slice both ways.
    const stream = districtStream(opts)[Symbol.iterator]();
    const timedSlice = [...take(stream, measured)];
    // The same rows three ways, each on a fresh database of the same server: a bare INSERT into a
    // table with no key or index (the anchor), ingest storing raw rows only, ingest with projections.
    const bare = await load(await bareInsertWriter(bareDb), timedSlice);
    const rawOnly = await load(ingestWriter(anchorDb, false), timedSlice);
    const projected = await load(ingestWriter(db, true), timedSlice);
    const pglite = await pgliteThroughput(timedSlice.slice(0, PGLITE_SLICE));
    timedSlice.length = 0;
    const rest = await load(ingestWriter(db, true), { [Symbol.iterator]: () => stream });
    const total = projected.n + rest.n;
    const [last] = await db.query<{ d: string }>('SELECT max(day)::text AS d FROM ticket_stats');
    // Ingest runs all day in production and autovacuum keeps the visibility maps (index-only scans)
    // and statistics current; right after a bulk load that is one VACUUM, on both databases.
    await db.query('VACUUM (ANALYZE)');
    // The naive questions get the whole year too: load the anchor database with the same raw rows.
    await load(ingestWriter(anchorDb, false), districtStream(opts));
    await anchorDb.query('VACUUM (ANALYZE)');

    const central = await startCentral({ db, demoAccounts: true, directory: simDirectory(CENTRES) });
    const cookie = await login(central);
    const metrics: Record<string, number> = {
      projection_tx_per_s: projected.perS,
      raw_tx_per_s: rawOnly.perS,
      'pglite.projection_tx_per_s': pglite.projected,
      'pglite.raw_tx_per_s': pglite.raw,
      transactions: total,
      timed_transactions: projected.n,
      year_load_tx_per_s: round(
        (projected.n + rest.n) / (projected.n / projected.perS + rest.n / rest.perS),
        0,
      ),
    };
    const anchor: Record<string, number> = {
      projection_tx_per_s: bare.perS,
      raw_tx_per_s: bare.perS,
      'pglite.projection_tx_per_s': pglite.bare,
      'pglite.raw_tx_per_s': pglite.bare,
    };
    const ratio: Record<string, number> = Object.fromEntries(
      Object.keys(anchor).map((k) => [k, round(metrics[k]! / anchor[k]!, 2)]),
    );
    for (const page of pages(last!.d, days)) {
      let i = 0;
      const ours = await timed(async () => {
        const res = await fetch(`${central.url}${page.http(i++).slice(1)}`, { headers: { cookie } });
        if (!res.ok) throw new Error(`${page.name}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }, RUNS);
      let j = 0;
      const naive = await timed(async () => {
        const q = page.naive(j++);
        await anchorDb.query(q.sql, q.params);
      }, NAIVE_RUNS);
      metrics[`page_p95_ms.${page.name}`] = ours;
      anchor[`page_p95_ms.${page.name}`] = naive;
      ratio[`page_p95_ms.${page.name}`] = round(ours / naive, 3);
    }
    await central.close();
    return {
      name: 'central-console',
      metrics,
      anchor,
      ratio,
      notes:
        `${total} transactions, ${CENTRES} centres, ${days} days from ${FROM}; PostgreSQL 15, ${WRITERS} writers, batches of ${BATCH}; load average ${loadAverage} at the start. ` +
        `projection_tx_per_s: raw row + every projection in one transaction per group of centres (the ingest worker's storeResilient) on the first ${projected.n} transactions, generated before the clock starts; raw_tx_per_s: the same path storing the raw rows only; ` +
        'anchor for both: a bare multi-row INSERT (unnest) of the same rows in the same batches into a table with no key, index or partitions, same server, same writers. ' +
        `pglite.*: the same on an in-memory PGlite (one connection, one writer), first ${PGLITE_SLICE} transactions. ` +
        'Both databases are vacuumed after the load (what autovacuum does under steady ingest). ' +
        'page_p95_ms: the console API over HTTP (fastify, JSON), anchor: the same question asked of the raw transactions table (SQL only). ' +
        earlierRun(),
    };
  } finally {
    await bareDb.close();
    await anchorDb.close();
    await db.close();
    await pg.stop();
  }
}

/** `shequ fleet ls` and `shequ fleet show KIOSK`: what the broker holds retained, and what ingest stored. */
import type { MqttClient } from 'mqtt';
import { CliError, defineCommand, oneOf, type ParsedOptions } from '../../platform/cli/index.ts';
import { connectConsole } from '../console/connect.ts';
import { formatKioskDetail, formatKioskTable } from '../console/format.ts';
import { type KioskView, mergeKioskViews } from '../console/kiosk-view.ts';
import { FAULT_WORDS, listKiosks, SORT_KEYS } from '../console/list-filter.ts';
import { type RetainedKiosk, readRetainedKiosks } from '../console/retained-kiosks.ts';
import { summariseTransactions } from '../console/tx-summary.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { queryKiosks } from '../kiosks/kiosk-store.ts';
import { brokerTarget } from './broker-target.ts';
import { BROKER_HELP, BROKER_OPTIONS, CONSOLE_ERRORS } from './console-options.ts';

const OPTIONS = {
  ...BROKER_OPTIONS,
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;
const LS_OPTIONS = {
  ...OPTIONS,
  offline: { type: 'boolean', default: false },
  site: { type: 'string' },
  fault: { type: 'string' },
  sort: { type: 'string', default: 'id' },
} as const;
type Values = ParsedOptions<typeof OPTIONS>;

/** Reads the sources the options name: the database with --db, the broker unless --db stands alone. */
async function withSources<T>(
  values: Values,
  fn: (db: CentralDb | undefined, retained: Map<string, RetainedKiosk>) => Promise<T>,
): Promise<T> {
  const readBroker = values.broker !== undefined || values.data !== undefined || values.db === undefined;
  let db: CentralDb | undefined;
  let client: MqttClient | undefined;
  try {
    const target = readBroker ? await brokerTarget(values) : undefined;
    db = values.db ? await openCentralDb(values.db) : undefined;
    client = target ? await connectConsole(target) : undefined;
    const retained = client ? await readRetainedKiosks(client) : new Map<string, RetainedKiosk>();
    return await fn(db, retained);
  } finally {
    await client?.endAsync();
    await db?.close();
  }
}

async function views(db: CentralDb | undefined, retained: Map<string, RetainedKiosk>, kioskId?: string) {
  const rows = db ? await queryKiosks(db, kioskId) : [];
  const all = mergeKioskViews(rows, retained);
  return kioskId ? all.filter((v) => v.kioskId === kioskId) : all;
}

export const ls = defineCommand({
  name: 'fleet ls',
  usage: `usage: shequ fleet ls [--offline] [--site SITE] [--fault FAULT] [--sort KEY] [--json]
                     [--broker URL | --data DIR] [--db postgres://…|DIR]
  every kiosk: site, state and since when, session, last seen (local time), version, printer,
  reader, outbox, scanner and its faults
  --offline      only kiosks that are offline
  --site SITE    only this site's kiosks (the kiosk ID without its number: site-a-003 → site-a)
  --fault FAULT  only kiosks with this fault: any, a device (printer, reader, scanner, outbox,
                 disk, config) or one fault (paper-out, paper-near-end, cover-open, silent, stale, low)
  --sort KEY     ${SORT_KEYS.join(' | ')} (state: offline first, longest first; last-seen: longest
                 silent first; outbox: deepest first; faults: most first)
${BROKER_HELP}`,
  options: LS_OPTIONS,
  expected: CONSOLE_ERRORS,
  run: async ({ values, io }) => {
    const sort = oneOf(values.sort, '--sort', SORT_KEYS);
    if (values.fault !== undefined) oneOf(values.fault, '--fault', FAULT_WORDS);
    const all = await withSources(values, (db, retained) => views(db, retained));
    const list = listKiosks(
      all,
      {
        offline: values.offline,
        sort,
        ...(values.site === undefined ? {} : { site: values.site }),
        ...(values.fault === undefined ? {} : { fault: values.fault }),
      },
      Date.now(),
    );
    const empty = all.length > 0 && list.length === 0 ? 'no kiosk matches' : undefined;
    io.out(
      values.json ? `${JSON.stringify(list, null, 2)}\n` : `${empty ?? formatKioskTable(list, Date.now())}\n`,
    );
    return 0;
  },
});

export const show = defineCommand({
  name: 'fleet show',
  usage: `usage: shequ fleet show KIOSK [--broker URL | --data DIR] [--db postgres://…|DIR] [--json]
  one kiosk in detail; with --db also the transactions ingest stored for it
${BROKER_HELP}`,
  options: OPTIONS,
  positionals: ['KIOSK'],
  expected: CONSOLE_ERRORS,
  run: async ({ values, positionals, io }) => {
    const kioskId = positionals[0]!;
    const { view, tx } = await withSources(values, async (db, retained) => {
      const [found] = await views(db, retained, kioskId);
      return { view: found, tx: await (db ? summariseTransactions(db, kioskId) : undefined) };
    });
    if (!view && !tx) {
      throw new CliError(
        `kiosk ${kioskId} is not known to the sources read; see the IDs with shequ fleet ls`,
      );
    }
    const shown: KioskView = view ?? {
      kioskId,
      state: 'unknown',
      sess: undefined,
      since: undefined,
      reason: undefined,
      lastSeen: undefined,
      version: undefined,
      telemetry: undefined,
    };
    io.out(
      values.json
        ? `${JSON.stringify({ ...shown, transactions: tx ?? null }, null, 2)}\n`
        : `${formatKioskDetail(shown, tx, Date.now())}\n`,
    );
    return 0;
  },
});

/**
 * `shequ central …`: the district data centre's console server, and its admin chores.
 *   shequ central [serve] [--db URL | --data DIR] [--host H] [--port P] [--broker URL] …
 *   shequ central users add NAME --role ROLE [--name 'DISPLAY NAME']   (password on stdin)
 *   shequ central users list | passwd NAME | disable NAME | enable NAME
 *   shequ central audit verify
 *   shequ central rebuild          (projections from the raw transactions; ingest stopped)
 */
import { readFileSync } from 'node:fs';
import {
  CliError,
  type CliIo,
  defineCommand,
  defineGroup,
  integerInRange,
  UsageError,
} from '../../platform/cli/index.ts';
import {
  checkShareFlags,
  SHARE_SERVE_OPTIONS,
  SHARE_SERVE_USAGE,
  startSharingFromCli,
} from '../console-sharing/from-cli.ts';
import { type CentralDb, CentralDbError, openCentralDb } from '../db/central-db.ts';
import { FLEET_SERVE_OPTIONS, FLEET_SERVE_USAGE, startFleetFromCli } from '../operations/from-cli.ts';
import { projectionOptions } from '../projections/options.ts';
import { rebuildProjections } from '../projections/rebuild.ts';
import { redactUrl } from '../redact-url.ts';
import { appendAudit, verifyAuditChain } from './audit.ts';
import type { DirectoryEntry } from './modules/directory.ts';
import { startPasswordHasher } from './passwords.ts';
import { ROLES } from './roles.ts';
import { startCentral } from './start.ts';
import { addUser, listUsers, setPassword, UserError, updateUser } from './users.ts';

const dbOptions = {
  db: { type: 'string' },
  data: { type: 'string' },
} as const;
const DB_USAGE = `  --db URL          PostgreSQL URL; without it PGlite in --data DIR (or in memory)
  --data DIR        PGlite data directory`;

const projectionFlags = {
  'time-zone': { type: 'string' },
  'rectify-days': { type: 'string' },
} as const;

const serveOptions = {
  ...dbOptions,
  ...projectionFlags,
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string', default: '8090' },
  broker: { type: 'string' },
  mqtt3: { type: 'boolean', default: false },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'trust-proxy': { type: 'boolean', default: false },
  directory: { type: 'string' },
  'demo-accounts': { type: 'boolean', default: false },
  ...FLEET_SERVE_OPTIONS,
  ...SHARE_SERVE_OPTIONS,
} as const;

const SERVE_USAGE = `Usage: shequ central [serve] [options]   run the central console (and ingest with --broker)
${DB_USAGE}
  --host H --port P where the console listens (default 127.0.0.1:8090)
  --broker URL      also run an ingest worker against this broker (user:password@ in the URL)
  --mqtt3           connect to the broker with MQTT 3.1.1 (no shared subscription)
  --tls-cert F --tls-key F   serve HTTPS (the session cookie is then Secure)
  --trust-proxy     take client addresses from X-Forwarded-For (behind a reverse proxy)
  --directory FILE  JSON list of names: [{"kind":"centre|service|item|counter","id":…,"name":…}]
  --time-zone TZ    the district's time zone (default Asia/Shanghai)
  --rectify-days N  working days for a 差评's rectification (default 5)
  --demo-accounts   create the demo accounts when there are no users
${FLEET_SERVE_USAGE}
${SHARE_SERVE_USAGE}
`;

function projectionFrom(v: { 'time-zone'?: string | undefined; 'rectify-days'?: string | undefined }) {
  const days =
    v['rectify-days'] === undefined
      ? undefined
      : integerInRange(v['rectify-days'], '--rectify-days', { min: 1, max: 60 });
  return projectionOptions({
    ...(v['time-zone'] ? { timeZone: v['time-zone'] } : {}),
    ...(days ? { rectifyWithinDays: days } : {}),
  });
}

const serve = defineCommand({
  name: 'central serve',
  usage: SERVE_USAGE,
  options: serveOptions,
  async run({ values: v, io }) {
    const port = integerInRange(v.port, '--port', { min: 0, max: 65535 });
    if (Boolean(v['tls-cert']) !== Boolean(v['tls-key']))
      throw new UsageError('--tls-cert and --tls-key go together');
    const directory = v.directory
      ? (JSON.parse(readFileSync(v.directory, 'utf8')) as DirectoryEntry[])
      : undefined;
    if (!v['fleet-broker'] && (v['fleet-rules'] || (v['fleet-data'] && !v['share-broker'])))
      throw new UsageError('--fleet-data and --fleet-rules need --fleet-broker');
    checkShareFlags(v);
    const log = (line: string) => io.err(`${new Date().toISOString()} ${line}\n`);
    // With fleet operations or data sharing the database is opened here, as they share it.
    const db =
      v['fleet-broker'] || v['share-broker']
        ? await openCentralDb(v.db ?? v.data).catch((err: Error) => {
            throw expectedStartFailure(err, v.host, v.port);
          })
        : undefined;
    const fleet = db
      ? await startFleetFromCli(db, v, log).catch(async (err: Error) => {
          await db.close();
          throw err;
        })
      : undefined;
    const sharing = db
      ? await startSharingFromCli(db, v, log).catch(async (err: Error) => {
          await fleet?.close();
          await db.close();
          throw err;
        })
      : undefined;
    const central = await startCentral({
      db: db ?? v.db ?? v.data,
      host: v.host,
      port,
      projection: projectionFrom(v),
      ...(v.broker ? { broker: { url: v.broker, protocolVersion: v.mqtt3 ? 4 : 5 } } : {}),
      ...(v['tls-cert'] && v['tls-key']
        ? { https: { cert: readFileSync(v['tls-cert']), key: readFileSync(v['tls-key']) } }
        : {}),
      ...(v['trust-proxy'] ? { trustProxy: true } : {}),
      ...(directory ? { directory } : {}),
      demoAccounts: v['demo-accounts'],
      modules: [...(fleet ? [fleet.module] : []), ...(sharing ? [sharing.module] : [])],
      log,
    }).catch(async (err: Error) => {
      await sharing?.close();
      await fleet?.close();
      await db?.close();
      throw expectedStartFailure(err, v.host, v.port);
    });
    for (const a of central.demoAccounts)
      io.out(`  demo account ${a.username} / ${a.password} (${a.role})\n`);
    const ingest = v.broker ? ` ingest=${redactUrl(v.broker)}` : '';
    const fleetLine = v['fleet-broker'] ? ` fleet=${redactUrl(v['fleet-broker'])}` : '';
    const shareLine = v['share-broker'] ? ` share=${redactUrl(v['share-broker'])}` : '';
    io.out(`central console READY ${central.url}${ingest}${fleetLine}${shareLine}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await central.close();
    await sharing?.close();
    await fleet?.close();
    await db?.close();
    return 0;
  },
});

/** The failures a start can expect (the database, the port) as one line; anything else is a fault. */
function expectedStartFailure(err: Error, host: string, port: string): Error {
  if (err instanceof CentralDbError)
    return new CliError(`${err.message}; check --db or --data`, { cause: err });
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
    return new CliError(`${host}:${port} is in use by another program; stop it or pass another --port`, {
      cause: err,
    });
  return err;
}

async function withDb<T>(
  v: { db?: string | undefined; data?: string | undefined },
  fn: (db: CentralDb) => Promise<T>,
) {
  const db = await openCentralDb(v.db ?? v.data).catch((err: Error) => {
    throw err instanceof CentralDbError
      ? new CliError(`${err.message}; check --db or --data`, { cause: err })
      : err;
  });
  try {
    return await fn(db);
  } catch (err) {
    if (err instanceof UserError) throw new CliError(err.message);
    throw err;
  } finally {
    await db.close();
  }
}

const cliAudit = (db: CentralDb, action: string, target: string, detail?: Record<string, unknown>) =>
  db.transaction((tx) =>
    appendAudit(tx, {
      actor: `cli:${process.env.USER ?? 'root'}`,
      client: 'cli',
      action,
      target,
      result: 'ok',
      detail,
    }),
  );

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function withHasher<T>(fn: (h: ReturnType<typeof startPasswordHasher>) => Promise<T>): Promise<T> {
  const hasher = startPasswordHasher();
  try {
    return await fn(hasher);
  } finally {
    await hasher.close();
  }
}

const usersAdd = defineCommand({
  name: 'central users add',
  usage: `Usage: shequ central users add NAME --role ROLE [--name 'DISPLAY NAME'] [--db URL | --data DIR]
  The password is read from stdin (one line, at least 10 characters).
  Roles: ${ROLES.join(', ')}
`,
  options: { ...dbOptions, role: { type: 'string' }, name: { type: 'string' } },
  positionals: ['NAME'],
  async run({ values: v, positionals, io }) {
    if (!v.role) throw new UsageError(`--role is one of ${ROLES.join(', ')}`);
    const role = v.role;
    const username = positionals[0]!;
    const password = await readStdinLine();
    await withHasher((hasher) =>
      withDb(v, async (db) => {
        const user = await addUser(db, hasher, { username, role, password, displayName: v.name ?? username });
        await cliAudit(db, 'user.add', username, { role: user.role });
        io.out(`added ${user.username} (${user.role})\n`);
      }),
    );
    return 0;
  },
});

const usersList = defineCommand({
  name: 'central users list',
  usage: `Usage: shequ central users list [--db URL | --data DIR]\n`,
  options: dbOptions,
  async run({ values: v, io }) {
    for (const u of await withDb(v, listUsers))
      io.out(
        `${u.username.padEnd(16)} ${u.role.padEnd(10)} ${u.disabled ? 'disabled ' : ''}${u.display_name}\n`,
      );
    return 0;
  },
});

const usersPasswd = defineCommand({
  name: 'central users passwd',
  usage: `Usage: shequ central users passwd NAME [--db URL | --data DIR]   (new password on stdin; ends their sessions)\n`,
  options: dbOptions,
  positionals: ['NAME'],
  async run({ values: v, positionals, io }) {
    const name = positionals[0]!;
    const password = await readStdinLine();
    await withHasher((hasher) =>
      withDb(v, async (db) => {
        await setPassword(db, hasher, name, password);
        await cliAudit(db, 'user.password', name);
      }),
    );
    io.out(`password of ${name} changed; their sessions ended\n`);
    return 0;
  },
});

const toggle = (disabled: boolean) =>
  defineCommand({
    name: `central users ${disabled ? 'disable' : 'enable'}`,
    usage: `Usage: shequ central users ${disabled ? 'disable' : 'enable'} NAME [--db URL | --data DIR]\n`,
    options: dbOptions,
    positionals: ['NAME'],
    async run({ values: v, positionals, io }) {
      const name = positionals[0]!;
      await withDb(v, async (db) => {
        await updateUser(db, name, { disabled });
        await cliAudit(db, 'user.change', name, { disabled });
      });
      io.out(`${name} ${disabled ? 'disabled' : 'enabled'}\n`);
      return 0;
    },
  });

const users = defineGroup({
  name: 'central users',
  usage: `Usage: shequ central users add NAME --role ROLE | list | passwd NAME | disable NAME | enable NAME\n`,
  commands: {
    add: usersAdd,
    list: usersList,
    passwd: usersPasswd,
    disable: toggle(true),
    enable: toggle(false),
  },
});

const auditVerify = defineCommand({
  name: 'central audit verify',
  usage: `Usage: shequ central audit verify [--db URL | --data DIR]   check the audit log's hash chain\n`,
  options: dbOptions,
  async run({ values: v, io }) {
    const r = await withDb(v, verifyAuditChain);
    if (r.brokenAt !== null)
      throw new CliError(`audit log chain broken at row ${r.brokenAt} (after ${r.rows} good rows)`);
    io.out(`audit log intact: ${r.rows} rows\n`);
    return 0;
  },
});

const rebuild = defineCommand({
  name: 'central rebuild',
  usage: `Usage: shequ central rebuild [--db URL | --data DIR] [--time-zone TZ] [--rectify-days N]
  Rebuilds every projection from the raw transactions. Stop ingest first.
`,
  options: { ...dbOptions, ...projectionFlags },
  async run({ values: v, io }) {
    const projection = projectionFrom(v);
    const r = await withDb(v, async (db) => {
      const out = await rebuildProjections(db, projection);
      await cliAudit(db, 'projections.rebuild', 'all', out);
      return out;
    });
    io.out(`rebuilt the projections from ${r.transactions} transactions\n`);
    return 0;
  },
});

const buildWeb = defineCommand({
  name: 'central build-web',
  usage: 'Usage: shequ central build-web   build the console web app into fleet/console-web/dist\n',
  async run() {
    return (await import('../console-web/build.ts')).run();
  },
});

const central = defineGroup({
  name: 'central',
  usage: `Usage: shequ central [serve] [options]       run the central console (serve --help for its options)
       shequ central users add NAME --role ROLE | list | passwd NAME | disable NAME | enable NAME
       shequ central audit verify                 check the audit log's hash chain
       shequ central rebuild                      rebuild every projection from the raw transactions
       shequ central build-web                    build the console web app (npm run build does too)
`,
  commands: {
    serve,
    users,
    audit: defineGroup({
      name: 'central audit',
      usage: 'Usage: shequ central audit verify\n',
      commands: { verify: auditVerify },
    }),
    rebuild,
    'build-web': buildWeb,
  },
  defaultCommand: 'serve',
});

export function run(args: string[], io?: CliIo): Promise<number> {
  return central(args, io);
}

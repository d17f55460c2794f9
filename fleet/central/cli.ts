/**
 * `shequ central …`: the district data centre's console server, and its admin chores.
 *   shequ central [serve] [--db URL | --data DIR] [--host H] [--port P] [--broker URL] …
 *   shequ central users add NAME --role ROLE [--name 'DISPLAY NAME']   (password on stdin)
 *   shequ central users list | passwd NAME | disable NAME | enable NAME
 *   shequ central audit verify
 *   shequ central rebuild          (projections from the raw transactions; ingest stopped)
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { projectionOptions } from '../projections/options.ts';
import { rebuildProjections } from '../projections/rebuild.ts';
import { redactUrl } from '../redact-url.ts';
import { appendAudit, verifyAuditChain } from './audit.ts';
import type { DirectoryEntry } from './modules/directory.ts';
import { startPasswordHasher } from './passwords.ts';
import { ROLES } from './roles.ts';
import { startCentral } from './start.ts';
import { addUser, listUsers, setPassword, UserError, updateUser } from './users.ts';

const usage = `Usage: shequ central [serve] [options]       run the central console (and ingest with --broker)
       shequ central users add NAME --role ROLE [--name DISPLAY]   password read from stdin
       shequ central users list | passwd NAME | disable NAME | enable NAME
       shequ central audit verify                 check the audit log's hash chain
       shequ central rebuild                      rebuild every projection from the raw transactions
       shequ central build-web                    build the console web app (npm run build does too)
Options:
  --db URL          PostgreSQL URL; without it PGlite in --data DIR (or in memory)
  --data DIR        PGlite data directory
  --host H --port P where the console listens (default 127.0.0.1:8090)
  --broker URL      also run an ingest worker against this broker (user:password@ in the URL)
  --mqtt3           connect to the broker with MQTT 3.1.1 (no shared subscription)
  --tls-cert F --tls-key F   serve HTTPS (the session cookie is then Secure)
  --trust-proxy     take client addresses from X-Forwarded-For (behind a reverse proxy)
  --directory FILE  JSON list of names: [{"kind":"centre|service|item|counter","id":…,"name":…}]
  --time-zone TZ    the district's time zone (default Asia/Shanghai)
  --rectify-days N  working days for a 差评's rectification (default 5)
  --demo-accounts   create the demo accounts when there are no users
Roles: ${ROLES.join(', ')}
`;

const options = {
  db: { type: 'string' },
  data: { type: 'string' },
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string', default: '8090' },
  broker: { type: 'string' },
  mqtt3: { type: 'boolean', default: false },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'trust-proxy': { type: 'boolean', default: false },
  directory: { type: 'string' },
  'time-zone': { type: 'string' },
  'rectify-days': { type: 'string' },
  'demo-accounts': { type: 'boolean', default: false },
  role: { type: 'string' },
  name: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

class CliError extends Error {}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

function projectionFrom(v: Values) {
  const days = v['rectify-days'] === undefined ? undefined : Number(v['rectify-days']);
  if (days !== undefined && !(Number.isInteger(days) && days > 0 && days <= 60))
    throw new CliError('--rectify-days is a whole number of working days from 1 to 60');
  return projectionOptions({
    ...(v['time-zone'] ? { timeZone: v['time-zone'] } : {}),
    ...(days ? { rectifyWithinDays: days } : {}),
  });
}

async function serve(v: Values): Promise<number> {
  const port = Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port ${v.port} is not a port`);
  if (Boolean(v['tls-cert']) !== Boolean(v['tls-key']))
    throw new CliError('--tls-cert and --tls-key go together');
  const directory = v.directory
    ? (JSON.parse(readFileSync(v.directory, 'utf8')) as DirectoryEntry[])
    : undefined;
  const central = await startCentral({
    db: v.db ?? v.data,
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
    log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
  });
  for (const a of central.demoAccounts)
    process.stdout.write(`  demo account ${a.username} / ${a.password} (${a.role})\n`);
  const ingest = v.broker ? ` ingest=${redactUrl(v.broker)}` : '';
  process.stdout.write(`central console READY ${central.url}${ingest}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await central.close();
  return 0;
}

async function withDb<T>(v: Values, fn: (db: CentralDb) => Promise<T>): Promise<T> {
  const db = await openCentralDb(v.db ?? v.data);
  try {
    return await fn(db);
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

async function users(v: Values, words: string[]): Promise<number> {
  const [verb, name] = words;
  if (verb === 'list') {
    const rows = await withDb(v, listUsers);
    for (const u of rows)
      process.stdout.write(
        `${u.username.padEnd(16)} ${u.role.padEnd(10)} ${u.disabled ? 'disabled ' : ''}${u.display_name}\n`,
      );
    return 0;
  }
  if (!name) throw new CliError(`users ${verb ?? ''}: name the user`);
  const hasher = startPasswordHasher();
  try {
    return await withDb(v, async (db) => {
      if (verb === 'add') {
        if (!v.role) throw new CliError(`users add: --role is one of ${ROLES.join(', ')}`);
        const password = await readStdinLine();
        const user = await addUser(db, hasher, {
          username: name,
          role: v.role,
          password,
          displayName: v.name ?? name,
        });
        await cliAudit(db, 'user.add', name, { role: user.role });
        process.stdout.write(`added ${user.username} (${user.role})\n`);
      } else if (verb === 'passwd') {
        await setPassword(db, hasher, name, await readStdinLine());
        await cliAudit(db, 'user.password', name);
        process.stdout.write(`password of ${name} changed; their sessions ended\n`);
      } else if (verb === 'disable' || verb === 'enable') {
        await updateUser(db, name, { disabled: verb === 'disable' });
        await cliAudit(db, 'user.change', name, { disabled: verb === 'disable' });
        process.stdout.write(`${name} ${verb}d\n`);
      } else {
        throw new CliError(`users: unknown action '${verb}' (add, list, passwd, disable, enable)`);
      }
      return 0;
    });
  } finally {
    await hasher.close();
  }
}

export async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true });
  } catch (err) {
    process.stderr.write(`shequ central: ${(err as Error).message}\n`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    process.stdout.write(usage);
    return 0;
  }
  const [command = 'serve', ...rest] = positionals;
  try {
    if (command === 'serve') return await serve(v);
    if (command === 'users') return await users(v, rest);
    if (command === 'build-web') return await (await import('../console-web/build.ts')).run();
    if (command === 'audit' && rest[0] === 'verify') {
      const r = await withDb(v, verifyAuditChain);
      if (r.brokenAt !== null) {
        process.stderr.write(`audit log chain broken at row ${r.brokenAt} (after ${r.rows} good rows)\n`);
        return 1;
      }
      process.stdout.write(`audit log intact: ${r.rows} rows\n`);
      return 0;
    }
    if (command === 'rebuild') {
      const projection = projectionFrom(v);
      const r = await withDb(v, async (db) => {
        const out = await rebuildProjections(db, projection);
        await cliAudit(db, 'projections.rebuild', 'all', out);
        return out;
      });
      process.stdout.write(`rebuilt the projections from ${r.transactions} transactions\n`);
      return 0;
    }
    process.stderr.write(`shequ central: unknown command '${positionals.join(' ')}'\n\n${usage}`);
    return 2;
  } catch (err) {
    process.stderr.write(
      `shequ central: ${err instanceof CliError || err instanceof UserError ? err.message : (err as Error).message}\n`,
    );
    return 1;
  }
}

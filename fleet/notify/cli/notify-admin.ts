/** The administrative verbs of `shequ notify`: keygen, staff, centre, messages, purge. */

import { CliError, defineCommand, defineGroup } from '../../../platform/cli/index.ts';
import type { CentralDb } from '../../db/central-db.ts';
import { addStaff, listStaff, removeStaff, setCentre } from '../directory.ts';
import { type RefType, STAFF_ROLES, type StaffRole } from '../events.ts';
import { LogGateway } from '../log-gateway.ts';
import { deliveryFor } from '../message-store.ts';
import { Notifier } from '../notifier.ts';
import { writeVaultKeyFile } from '../phone-vault.ts';
import { migrateNotify } from '../schema.ts';
import { dbHelp, dbOptions, expectingFailures, keyFile, openStores } from './common.ts';

async function withDb<T>(
  values: { db?: string; data?: string; key?: string },
  fn: (s: Awaited<ReturnType<typeof openStores>>) => Promise<T>,
) {
  const stores = await openStores(values);
  try {
    await migrateNotify(stores.db);
    return await fn(stores);
  } finally {
    await stores.db.close();
  }
}

export const keygenVerb = defineCommand({
  name: 'notify keygen',
  usage: `Usage: shequ notify keygen [--key FILE]
  Creates the notification key file (mode 0600): the secret phone numbers are encrypted and indexed
  under, and the X25519 key kiosks seal numbers to. Keep it off the database host's backups of the
  database; without it stored numbers cannot be read. Refuses to overwrite an existing file.
  --key FILE   where (default var/notify/notify.key, or $SHEQU_NOTIFY_KEY)
`,
  options: { key: { type: 'string' } },
  async run({ values, io }) {
    return expectingFailures(async () => {
      const path = keyFile(values.key);
      const key = writeVaultKeyFile(path);
      io.out(`notification key ${key.kid} written to ${path}\n`);
      return 0;
    });
  },
});

const staffAdd = defineCommand({
  name: 'notify staff add',
  usage: `Usage: shequ notify staff add --role ROLE --centre ID --name NAME --phone NUMBER [--staff-ref ID]
  --role       ${STAFF_ROLES.join(' | ')}
  --centre     the centre's kiosk ID, or * for the whole district (supervisors, operators)
  --staff-ref  for clerks: the clerk ID the kiosk records on cases
${dbHelp}
`,
  options: {
    ...dbOptions,
    role: { type: 'string' },
    centre: { type: 'string' },
    name: { type: 'string' },
    phone: { type: 'string' },
    'staff-ref': { type: 'string' },
  },
  async run({ values, io }) {
    return expectingFailures(async () => {
      const role = values.role as StaffRole | undefined;
      if (!role || !STAFF_ROLES.includes(role))
        throw new CliError(`--role must be one of ${STAFF_ROLES.join(', ')}`);
      if (!values.centre || !values.name || !values.phone)
        throw new CliError('--centre, --name and --phone are needed');
      if (role === 'clerk' && !values['staff-ref'])
        throw new CliError('a clerk needs --staff-ref (the clerk ID on cases)');
      const entry = await withDb(values, ({ db, vault }) =>
        addStaff(
          db,
          vault,
          {
            role,
            centreId: values.centre!,
            name: values.name!,
            phone: values.phone!,
            ...(values['staff-ref'] ? { staffRef: values['staff-ref'] } : {}),
          },
          Date.now(),
        ),
      );
      io.out(`staff #${entry.id}: ${entry.role} ${entry.name} ${entry.masked} for ${entry.centreId}\n`);
      return 0;
    });
  },
});

const staffLs = defineCommand({
  name: 'notify staff ls',
  usage: `Usage: shequ notify staff ls [--json]\n${dbHelp}\n`,
  options: { ...dbOptions, json: { type: 'boolean', default: false } },
  async run({ values, io }) {
    return expectingFailures(async () => {
      const rows = await withDb(values, ({ db }) => listStaff(db));
      if (values.json) io.out(`${JSON.stringify(rows)}\n`);
      else
        for (const r of rows)
          io.out(`#${r.id}\t${r.centreId}\t${r.role}\t${r.staffRef || '-'}\t${r.name}\t${r.masked}\n`);
      return 0;
    });
  },
});

const staffRm = defineCommand({
  name: 'notify staff rm',
  usage: `Usage: shequ notify staff rm ID\n${dbHelp}\n`,
  options: { ...dbOptions },
  positionals: ['ID'],
  async run({ values, positionals: [id], io }) {
    return expectingFailures(async () => {
      const removed = await withDb(values, ({ db }) => removeStaff(db, Number(id)));
      if (!removed) throw new CliError(`no staff entry #${id}`);
      io.out(`staff #${id} removed\n`);
      return 0;
    });
  },
});

const staffUsage = `Usage: shequ notify staff add|ls|rm …   (--help after each for its options)\n`;
export const staffVerb = defineGroup({
  name: 'notify staff',
  usage: staffUsage,
  commands: { add: staffAdd, ls: staffLs, rm: staffRm },
});

const centreSet = defineCommand({
  name: 'notify centre set',
  usage: `Usage: shequ notify centre set ID --name NAME --pickup PLACE\n${dbHelp}\n`,
  options: { ...dbOptions, name: { type: 'string' }, pickup: { type: 'string' } },
  positionals: ['ID'],
  async run({ values, positionals: [id], io }) {
    return expectingFailures(async () => {
      if (!values.name || !values.pickup) throw new CliError('--name and --pickup are needed');
      await withDb(values, ({ db }) => setCentre(db, id!, { name: values.name!, pickup: values.pickup! }));
      io.out(`centre ${id}: ${values.name}, pick-up at ${values.pickup}\n`);
      return 0;
    });
  },
});
const centreUsage = 'Usage: shequ notify centre set ID --name NAME --pickup PLACE\n';
export const centreVerb = defineGroup({
  name: 'notify centre',
  usage: centreUsage,
  commands: { set: centreSet },
});

const REF_TYPES: readonly RefType[] = ['ticket', 'case', 'appointment', 'rectification', 'alert', 'test'];

export const messagesVerb = defineCommand({
  name: 'notify messages',
  usage: `Usage: shequ notify messages --ref TYPE:ID [--json]
  --ref  ${REF_TYPES.join(' | ')} and its ID, e.g. case:01J…  (numbers are shown masked)
${dbHelp}
`,
  options: { ...dbOptions, ref: { type: 'string' }, json: { type: 'boolean', default: false } },
  async run({ values, io }) {
    return expectingFailures(async () => {
      const m = /^([a-z]+):(.+)$/.exec(values.ref ?? '');
      if (!m || !REF_TYPES.includes(m[1] as RefType))
        throw new CliError('--ref must be TYPE:ID, e.g. case:ID');
      const rows = await withDb(values, ({ db }) => deliveryFor(db, m[1] as RefType, m[2]!));
      if (values.json) io.out(`${JSON.stringify(rows)}\n`);
      else if (rows.length === 0) io.out(`no messages for ${values.ref}\n`);
      else
        for (const r of rows) {
          const when = new Date(r.finalAt ?? r.submittedAt ?? r.createdAt).toLocaleString('zh-CN', {
            hour12: false,
          });
          io.out(
            `#${r.id}\t${r.kind}\t${r.role}\t${r.to}\t${r.state}${r.reason ? ` (${r.reason})` : ''}\t${when}\n`,
          );
        }
      return 0;
    });
  },
});

export const purgeVerb = defineCommand({
  name: 'notify purge',
  usage: `Usage: shequ notify purge\n  Drops numbers past their keep-until (a ticket's day, a case's retention), old messages and counters.\n${dbHelp}\n`,
  options: { ...dbOptions },
  async run({ values, io }) {
    return expectingFailures(async () => {
      const result = await withDb(values, async ({ db, vault }) => purgeWith(db, vault));
      io.out(
        `purged ${result.subscriptions} subscriptions, ${result.phones} numbers, ${result.messages} messages\n`,
      );
      return 0;
    });
  },
});

async function purgeWith(db: CentralDb, vault: Awaited<ReturnType<typeof openStores>>['vault']) {
  const notifier = await Notifier.start({ db, vault, gateway: new LogGateway(() => {}), worker: false });
  try {
    return await notifier.purge();
  } finally {
    await notifier.close();
  }
}

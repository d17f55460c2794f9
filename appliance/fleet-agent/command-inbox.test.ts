import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { CommandRequest } from '../../contract/mqtt.ts';
import { writeFileDurably } from '../../platform/durable-file.ts';
import type { CommandRecord } from '../store/records.ts';
import { Store } from '../store/store.ts';
import { type CommandHandlers, CommandInbox, type SeenCommandStore } from './command-inbox.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const K = 'K-TEST-1';
const RES = `v1/kiosks/${K}/cmd/res`;
let counter = 0;
function request(name: string, over: Partial<CommandRequest> = {}): CommandRequest {
  counter++;
  return { commandId: counter.toString(16).padStart(32, '0'), name, args: {}, deadline: 2_000_000, ...over };
}

/** The seen commands as the store keeps them (the store's own durability is tested with the store). */
function memoryStore(): SeenCommandStore {
  const records = new Map<string, CommandRecord>();
  return {
    commands: () => [...records.values()],
    remember: async (record) => {
      records.set(record.id, record);
    },
  };
}

async function inbox(clock = { t: 1_000_000 }) {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-cmd-'));
  dirs.push(dir);
  const runs: string[] = [];
  const handlers: CommandHandlers = {
    reprint: async (args) => {
      runs.push(`reprint ${String(args.ticketId)}`);
      return { printed: true };
    },
    'print-test': async () => {
      throw new Error('paper out');
    },
    'sync-now': async () => ({ pending: 0 }),
    'restart-service': async () => ({}),
    'collect-logs': async () => ({ entries: [] }),
    'renew-panel-cert': async () => ({ notAfter: '' }),
  };
  const store = memoryStore();
  const box = new CommandInbox(K, dir, handlers, () => clock.t, store);
  await box.open();
  return { box, runs, dir, handlers, clock, store };
}

const send = (box: CommandInbox, req: unknown, topicName?: string, responseTopic?: string) =>
  box.handle({
    topic: `v1/kiosks/${K}/cmd/${topicName ?? (req as CommandRequest).name}`,
    payload: Buffer.from(JSON.stringify(req)),
    responseTopic,
    correlationData: Buffer.from('corr'),
  });

test('a command runs once, answers on the own result topic with the correlation data echoed', async () => {
  const { box, runs } = await inbox();
  const req = request('reprint', { args: { ticketId: 'T1' } });
  const reply = await send(box, req, undefined, RES);
  assert.equal(reply?.topic, RES);
  assert.equal(reply?.result.status, 'succeeded');
  assert.deepEqual(reply?.result.result, { printed: true });
  assert.equal(reply?.correlationData?.toString(), 'corr');
  const again = await send(box, req, undefined, RES);
  assert.equal(again?.result.status, 'succeeded', 'a duplicate gets the same answer');
  assert.deepEqual(runs, ['reprint T1'], 'and does not run again');
});

test('duplicates are remembered across a restart', async () => {
  const { box, runs, dir, handlers, clock, store } = await inbox();
  const req = request('reprint', { args: { ticketId: 'T2' } });
  await send(box, req);
  const reopened = new CommandInbox(K, dir, handlers, () => clock.t, store);
  await reopened.open();
  await send(reopened, req);
  assert.equal(runs.length, 1);
});

test('expired, unknown, foreign and malformed commands are refused with their reason and do not run', async () => {
  const { box, runs, clock } = await inbox();
  const expired = await send(box, request('reprint', { deadline: clock.t - 1 }));
  assert.equal(expired?.result.status, 'expired');
  const unknown = await send(box, request('format-disk'));
  assert.equal(unknown?.result.status, 'rejected');
  assert.match(unknown?.result.error ?? '', /unknown command 'format-disk'/);
  const reflected = await send(box, request('reprint'), undefined, 'v1/kiosks/OTHER/cmd/res');
  assert.equal(reflected?.topic, RES, 'never answers on a foreign topic');
  assert.match(reflected?.result.error ?? '', /not this kiosk's/);
  const mismatched = await send(box, request('reprint'), 'print-test');
  assert.match(mismatched?.result.error ?? '', /foreign topic/);
  const malformed = await send(box, { commandId: 'abc', name: 'reprint' });
  assert.equal(malformed?.result.status, 'rejected');
  assert.match(malformed?.result.error ?? '', /malformed/);
  assert.deepEqual(runs, []);
});

test('a failing command reports failed with the error', async () => {
  const { box } = await inbox();
  const reply = await send(box, request('print-test'));
  assert.equal(reply?.result.status, 'failed');
  assert.equal(reply?.result.error, 'paper out');
});

test("an older version's commands-seen.json is taken over into the store and removed: a command it remembers is not run again", async () => {
  const { runs, dir, handlers, clock } = await inbox();
  const store = await Store.open(join(dir, 'log'));
  const seenCommands: SeenCommandStore = {
    commands: () => store.all('command'),
    remember: async (record) => {
      await store.commit([record]);
    },
  };
  const req = request('reprint', { args: { ticketId: 'T9' } });
  const result = { commandId: req.commandId, status: 'succeeded', result: { printed: true } };
  const legacy = join(dir, 'commands-seen.json');
  await writeFileDurably(
    legacy,
    JSON.stringify({ v: 1, seen: { [req.commandId]: { until: clock.t + 60_000, result } } }),
  );

  const opened = new CommandInbox(K, dir, handlers, () => clock.t, seenCommands);
  await opened.open();
  assert.equal(opened.rebuiltBecause, null);
  assert.equal(existsSync(legacy), false, 'the second copy is gone');
  assert.deepEqual(
    store.all('command').map((c) => c.id),
    [req.commandId],
  );
  const again = await send(opened, req);
  assert.equal(again?.result.status, 'succeeded', 'the same answer as the first time');
  assert.deepEqual(runs, [], 'and it did not run');
  assert.equal(existsSync(legacy), false, 'nothing writes it again');
  await store.close();
});

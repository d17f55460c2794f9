/**
 * Seen commands through the real interfaces: `shequ start` with a real mosquitto, commands sent as
 * central sends them. The seen command IDs are kept once, in the store: a torn commands-seen.json
 * (what an older version kept beside it, cut by a power loss) does not stop `shequ start`, is set
 * aside with a warning, and a command central resends after the restart is answered as before
 * without running again.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import { type CommandResult, topics } from '../../contract/mqtt.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { connectClient, json, recordMessages } from '../../test/support/mqtt.ts';
import { type ShequProcess, spawnShequ } from '../../test/support/shequ-process.ts';

const KIOSK = simulationConfig().kioskId;
const dir = mkdtempSync(join(tmpdir(), 'shequ-cmd-replay-'));
const data = join(dir, 'data');
let broker: MosquittoBroker;
let central: MqttClient;
let inbox: ReturnType<typeof recordMessages>;
let shequ: ShequProcess | null = null;

async function start(): Promise<void> {
  const from = inbox.all.length;
  shequ = spawnShequ(['start', '--config', join(dir, 'shequ.json'), '--data', data]);
  await shequ.waitForOutput(/serving http:\/\/127\.0\.0\.1:\d+\//, 60_000);
  // Online again, and so subscribed to its commands (the birth follows the subscriptions).
  await inbox.waitFor(
    (m) =>
      inbox.all.indexOf(m) >= from &&
      m.topic === topics.status(KIOSK) &&
      (json(m) as { state: string }).state === 'online',
    30_000,
    'the kiosk online',
  );
}

before(async () => {
  broker = await startMosquitto();
  writeFileSync(
    join(dir, 'shequ.json'),
    JSON.stringify({
      ...simulationConfig(),
      http: { host: '127.0.0.1', port: 0 },
      hardware: {},
      broker: { url: broker.url, protocolVersion: 5 },
    }),
  );
  central = await connectClient(broker.url, { protocolVersion: 5 });
  inbox = recordMessages(central);
  await central.subscribeAsync([topics.cmdResult(KIOSK), topics.status(KIOSK)], { qos: 1 });
  await start();
});

after(async () => {
  await shequ?.signal('SIGKILL');
  await central?.endAsync(true);
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${data}-keys`, { recursive: true, force: true });
});

async function send(name: string, commandId: string, deadline: number): Promise<CommandResult> {
  const from = inbox.all.length;
  await central.publishAsync(
    topics.cmd(KIOSK, name),
    JSON.stringify({ commandId, name, args: {}, deadline }),
    {
      qos: 1,
      properties: { responseTopic: topics.cmdResult(KIOSK), correlationData: Buffer.from(commandId, 'hex') },
    },
  );
  const answer = await inbox.waitFor(
    (m) => {
      if (inbox.all.indexOf(m) < from || m.topic !== topics.cmdResult(KIOSK)) return false;
      const r = json(m) as CommandResult;
      return r.commandId === commandId && r.status !== 'accepted';
    },
    30_000,
    `the answer to ${name}`,
  );
  return json(answer) as CommandResult;
}

test('a torn commands-seen.json does not stop shequ start, and a command central resends is not run twice', {
  timeout: 180_000,
}, async () => {
  const commandId = randomBytes(16).toString('hex');
  const deadline = Date.now() + 10 * 60_000;
  const first = await send('sync-now', commandId, deadline);
  assert.equal(first.status, 'succeeded', first.error);
  assert.equal(
    existsSync(join(data, 'commands-seen.json')),
    false,
    'the seen commands are kept once, in the store',
  );

  await shequ!.signal('SIGKILL');
  // What a power cut leaves of an older version's file: cut mid-record.
  writeFileSync(join(data, 'commands-seen.json'), `{"v":1,"seen":{"${commandId}":{"until":`);
  await start();

  const replayed = await send('sync-now', commandId, deadline);
  assert.deepEqual(replayed, first, 'the same answer as the first time');
  const logs = await send('collect-logs', randomBytes(16).toString('hex'), deadline);
  const entries = (logs.result as { entries: Array<{ level: string; message: string }> }).entries;
  assert.deepEqual(
    entries.filter((e) => e.message.includes('command sync-now runs')),
    [],
    'the resent command did not run again',
  );
  assert.ok(
    entries.some((e) => e.message.includes('command collect-logs runs')),
    'the log records commands that run',
  );
  assert.ok(
    entries.some((e) => e.level === 'warn' && /commands-seen\.json.*set aside/.test(e.message)),
    'the damaged file is reported',
  );
  assert.ok(readdirSync(data).some((f) => f.startsWith('commands-seen.json.corrupt-')));
});

/**
 * `shequ fleet ls | show | tail | cmd` against a running demo with no --broker: the console finds
 * the broker in `<demo data dir>/broker.json`, logs in with the console credentials there, falls
 * back to MQTT 3.1.1 on the demo's aedes broker, and sees the kiosk's devices from retained
 * telemetry. The appliance is the real simulation (its fleet agent answers the commands); the
 * broker is an aedes that, like the demo's, speaks only 3.1.1 and refuses a console without the
 * credentials.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Aedes } from 'aedes';
import type { DemoBroker } from '../contract/demo-broker.ts';
import { topics } from '../contract/mqtt.ts';
import { type Simulation, startSimulation } from '../demo/simulation.ts';
import { connectClient, recordMessages } from '../test/support/mqtt.ts';
import { spawnShequ } from '../test/support/shequ-process.ts';

const KIOSK = 'K-SIM-0001';
const CONSOLE = { username: 'console', password: 'demo-secret-7f3a' };
const STACK_LINE = /^\s+at /m;

async function shequ(args: string[], env: Record<string, string> = {}) {
  const p = spawnShequ(args, { env });
  const code = await p.exited;
  return { code, out: p.output() };
}

describe('shequ fleet against a running demo, with no --broker', () => {
  let dir: string;
  let server: Server;
  let broker: Aedes;
  let url: string;
  let sim: Simulation;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shequ-fleet-demo-'));
    broker = await Aedes.createBroker({
      // Consoles must log in; the kiosk and ingest of this test run as they do today.
      authenticate: (client, username, password, done) => {
        const isConsole = username !== undefined || client.id.startsWith('fleet-console-');
        const ok = !isConsole || (username === CONSOLE.username && password?.toString() === CONSOLE.password);
        done(ok ? null : Object.assign(new Error('bad credentials'), { returnCode: 4 as const }), ok);
      },
    });
    server = createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `mqtt://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const description: DemoBroker = { url, protocolVersion: 4, console: CONSOLE };
    await writeFile(join(dir, 'broker.json'), JSON.stringify(description), { mode: 0o600 });
    sim = await startSimulation({
      dataDir: join(dir, 'sim'),
      httpPort: 0,
      broker: { url, protocolVersion: 4 },
      uiDistDir: dir,
    });
    // The agent's birth and first telemetry are retained by the time the console looks.
    const watcher = await connectClient(url, { protocolVersion: 4 });
    const seen = recordMessages(watcher);
    await watcher.subscribeAsync(topics.telemetry(KIOSK));
    await seen.waitFor((m) => m.retain, 15_000, 'retained telemetry');
    await watcher.endAsync();
  });

  after(async () => {
    await sim?.close();
    await new Promise<void>((resolve) => broker?.close(() => resolve()));
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  test('ls and show find the demo by --data or $SHEQU_DEMO_DATA and show every device and the outbox', async () => {
    const [byFlag, byEnv, detail] = await Promise.all([
      shequ(['fleet', 'ls', '--data', dir]),
      shequ(['fleet', 'ls'], { SHEQU_DEMO_DATA: dir }),
      shequ(['fleet', 'show', KIOSK, '--data', dir]),
    ]);
    for (const r of [byFlag, byEnv]) {
      assert.equal(r.code, 0, r.out);
      assert.match(
        r.out,
        /^KIOSK\s+SITE\s+STATE\s+SINCE\s+SESS\s+LAST SEEN\s+VERSION\s+PRINTER\s+READER\s+OUTBOX\s+SCANNER\s+FAULTS$/m,
      );
      assert.match(
        r.out,
        /^K-SIM-0001\s+\S+\s+online\s+.+? \(\d+[smh] ago\)\s+\d+\s+\d\d:\d\d:\d\d \(\d+s ago\)\s+\S+\s+ok\s+ok \(serial .+\)\s+0\s+ok \(HID scanner/m,
      );
    }
    assert.equal(detail.code, 0, detail.out);
    for (const line of [/^printer\s+ok$/m, /^reader\s+ok/m, /^scanner\s+ok/m, /^outbox\s+0$/m]) {
      assert.match(detail.out, line);
    }
  });

  test('cmd runs on the kiosk over MQTT 3.1.1 and returns its result', async () => {
    const before = sim.printer.jobs.length;
    const r = await shequ(['fleet', 'cmd', KIOSK, 'print-test', '--timeout', '10', '--data', dir]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /"kiosk":"K-SIM-0001","name":"print-test".*"status":"succeeded"/);
    assert.equal(sim.printer.jobs.length, before + 1, 'the test page reached the printer');
    const unknown = await shequ(['fleet', 'cmd', KIOSK, 'juggle', '--timeout', '10', '--data', dir]);
    assert.equal(unknown.code, 1, unknown.out);
    assert.match(unknown.out, /"status":"rejected","error":"unknown command 'juggle'"/);
  });

  test('tail prints a ticket taken at the kiosk', async () => {
    const tail = spawnShequ(['fleet', 'tail', '--count', '1', '--data', dir]);
    await tail.waitForOutput(/tailing transactions/);
    const res = await fetch(`${sim.running.url}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId: 'social-security', withCard: false }),
    });
    assert.ok(res.ok, `ticket: HTTP ${res.status}`);
    assert.equal(await tail.exited, 0, tail.output());
    assert.match(tail.output(), /K-SIM-0001 seq=\d+ ticket\.issued [a-z0-9-]+ [0-9A-Z]{26}/);
  });

  test('--broker with credentials in the URL negotiates down to 3.1.1 by itself', async () => {
    const authority = `${CONSOLE.username}:${CONSOLE.password}@${url.slice('mqtt://'.length)}`;
    const r = await shequ(['fleet', 'ls', '--broker', `mqtt://${authority}`, '--json']);
    assert.equal(r.code, 0, r.out);
    const list = JSON.parse(r.out) as Array<{ kioskId: string; state: string }>;
    assert.deepEqual(
      list.map((k) => [k.kioskId, k.state]),
      [[KIOSK, 'online']],
    );
  });

  test('no demo, a broken broker.json or wrong credentials: exit 1 and one line that says what to do', async () => {
    const nowhere = join(dir, 'no-demo-here');
    const broken = join(dir, 'broken');
    const wrong = join(dir, 'wrong');
    await Promise.all([mkdir(broken), mkdir(wrong)]);
    await writeFile(join(broken, 'broker.json'), '{"url":"mqtt://127.0.0.1:1"}');
    const bad: DemoBroker = { url, protocolVersion: 4, console: { ...CONSOLE, password: 'guess' } };
    await writeFile(join(wrong, 'broker.json'), JSON.stringify(bad));
    const [none, malformed, refused, show] = await Promise.all([
      shequ(['fleet', 'ls', '--data', nowhere]),
      shequ(['fleet', 'tail', '--data', broken]),
      shequ(['fleet', 'cmd', KIOSK, 'sync-now', '--data', wrong]),
      shequ(['fleet', 'show', 'K9999', '--data', dir]),
    ]);
    assert.equal(none.code, 1);
    assert.equal(
      none.out,
      `shequ fleet ls: no broker given and no running demo found at ${nowhere}/broker.json; pass --broker URL\n`,
    );
    assert.equal(malformed.code, 1);
    assert.match(
      malformed.out,
      /^shequ fleet tail: .*broken\/broker\.json does not describe a broker \(.+\); restart the demo or pass --broker URL\n$/,
    );
    assert.equal(refused.code, 1);
    assert.match(
      refused.out,
      /^shequ fleet cmd: the broker at mqtt:\/\/127\.0\.0\.1:\d+ refused the console: .*Bad username or password.*; check the console credentials \(DIR\/broker\.json, or user:password@ in --broker URL\)\n$/,
    );
    assert.equal(show.code, 1);
    assert.equal(
      show.out,
      'shequ fleet show: kiosk K9999 is not known to the sources read; see the IDs with shequ fleet ls\n',
    );
    for (const r of [none, malformed, refused, show]) assert.doesNotMatch(r.out, STACK_LINE);
  });
});

/**
 * `shequ central serve --fleet-broker URL --fleet-rules FILE`: the console a district runs, with
 * fleet operations inside it, against PostgreSQL and mosquitto with the production ACL; its
 * expected failures are one line.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FleetList } from '../../contract/central-fleet.ts';
import { consoleLogin } from '../../test/support/console-http.ts';
import { type FleetBroker, startFleetBroker } from '../../test/support/fleet-broker.ts';
import { type PostgresServer, startPostgres } from '../../test/support/postgres.ts';
import { spawnShequ } from '../../test/support/shequ-process.ts';
import { SimFleetKiosk } from '../../test/support/sim-fleet-kiosk.ts';

describe('shequ central serve with fleet operations', () => {
  let pg: PostgresServer;
  let broker: FleetBroker;
  let dir: string;
  const kiosk = () =>
    new SimFleetKiosk({ brokerUrl: broker.urlFor('site-q-001'), kioskId: 'site-q-001', site: 'site-q' });
  let sim: SimFleetKiosk;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shequ-fleet-serve-'));
    [pg, broker] = await Promise.all([startPostgres(), startFleetBroker(['site-q-001', 'svc-console'])]);
    sim = kiosk();
    await sim.start();
  });

  after(async () => {
    sim?.crash();
    await Promise.all([broker?.close(), pg?.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  test('the fleet pages are served from the same console, with the rules from the file', async () => {
    const rules = join(dir, 'rules.json');
    await writeFile(rules, JSON.stringify({ offlineMinutes: 15, diskFreePercent: 5 }));
    const p = spawnShequ([
      'central',
      'serve',
      '--db',
      pg.url,
      '--port',
      '0',
      '--demo-accounts',
      '--fleet-broker',
      broker.urlFor('svc-console'),
      '--fleet-rules',
      rules,
    ]);
    try {
      const ready = await p.waitForOutput(/central console READY (http:\/\/\S+) fleet=(\S+)/);
      const [, url, shown] = /READY (http:\/\/\S+) fleet=(\S+)/.exec(ready)!;
      assert.doesNotMatch(shown!, new RegExp(broker.password), 'the broker password is not printed');
      const op = await consoleLogin(url!, 'yunwei', 'demo-yunwei-1');
      const r = await op.get<{ rules: { offlineMinutes: number; diskFreePercent: number; paper: boolean } }>(
        '/api/fleet/rules',
      );
      assert.equal(r.status, 200);
      assert.deepEqual(
        [r.body.rules.offlineMinutes, r.body.rules.diskFreePercent, r.body.rules.paper],
        [15, 5, true],
      );
      const end = Date.now() + 10_000;
      let list: FleetList & { connected: boolean };
      for (;;) {
        list = (await op.get<FleetList & { connected: boolean }>('/api/fleet/kiosks')).body;
        if (list.rows.some((k) => k.kioskId === 'site-q-001' && k.state === 'online')) break;
        assert.ok(Date.now() < end, `the kiosk never showed: ${JSON.stringify(list)}`);
        await new Promise((res) => setTimeout(res, 100));
      }
      assert.equal(list.connected, true);
      assert.equal(list.rows.find((k) => k.kioskId === 'site-q-001')?.site, 'site-q');
    } finally {
      await p.signal('SIGTERM');
    }
  });

  test('a bad rules file, rules without a broker and a missing signing key are one line (exit 1; a flag without the one it needs, exit 2)', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ offlineMinutes: 'ten' }));
    const base = [
      'central',
      'serve',
      '--db',
      pg.url,
      '--port',
      '0',
      '--fleet-broker',
      broker.urlFor('svc-console'),
    ];
    for (const [args, code, line] of [
      [
        [...base, '--fleet-rules', bad],
        1,
        /^shequ central serve: the alert rules .*bad\.json: \/offlineMinutes /m,
      ],
      [
        ['central', 'serve', '--db', pg.url, '--port', '0', '--fleet-rules', bad],
        2,
        /--fleet-data and --fleet-rules need --fleet-broker/,
      ],
      [
        [...base, '--fleet-data', join(dir, 'nothing')],
        1,
        /no configuration signing key .*; or leave out --fleet-data/,
      ],
    ] as const) {
      const p = spawnShequ([...args]);
      assert.equal(await p.exited, code, p.output());
      assert.match(p.output(), line);
      assert.doesNotMatch(p.output(), /\n\s+at /, 'no stack trace');
    }
  });
});

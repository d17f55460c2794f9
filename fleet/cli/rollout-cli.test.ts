/**
 * `shequ fleet rollout …` against a console with fleet operations on PostgreSQL and mosquitto with
 * the production ACL; the kiosks are real MQTT clients speaking the agent's contract. A rollout
 * started from the command line completes wave by wave; one whose canary stays silent halts, is
 * resumed once the kiosk is back and completes; a manual halt and a rollback; and the failures an
 * operator meets (wrong state, no such rollout, a viewer's login, a wrong password, no console)
 * are one line each.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Rollout } from '../../contract/central-fleet.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { generateSigningKey } from '../../platform/bundle-signature.ts';
import type { CliIo } from '../../platform/cli/index.ts';
import { type FleetBroker, startFleetBroker } from '../../test/support/fleet-broker.ts';
import { type PostgresServer, startPostgres } from '../../test/support/postgres.ts';
import { spawnShequ } from '../../test/support/shequ-process.ts';
import { SimFleetKiosk, startSimKiosks } from '../../test/support/sim-fleet-kiosk.ts';
import { type RunningCentral, startCentral } from '../central/start.ts';
import { buildConsoleWeb } from '../console-web/build.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { type FleetOperations, startFleetOperations } from '../operations/service.ts';
import { run as fleetCli } from './fleet.ts';

const SITE = ['site-r-001', 'site-r-002', 'site-r-003', 'site-r-004'];

describe('shequ fleet rollout through the central console', () => {
  let pg: PostgresServer;
  let broker: FleetBroker;
  let db: CentralDb;
  let fleet: FleetOperations;
  let central: RunningCentral;
  let dir: string;
  const kiosks = new Map<string, SimFleetKiosk>();
  const kiosk = (id: string) => kiosks.get(id)!;
  const { signing, trusted } = generateSigningKey();
  let configFile: string;
  let badConfigFile: string;

  /** The CLI in this process, as bin/shequ runs it, with its output captured. */
  async function shequ(
    args: string[],
    env: Record<string, string> = {},
  ): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t) };
    const saved = { ...process.env };
    Object.assign(process.env, {
      SHEQU_CENTRAL_URL: central.url,
      SHEQU_CENTRAL_USER: 'yunwei',
      SHEQU_CENTRAL_PASSWORD: 'demo-yunwei-1',
      ...env,
    });
    try {
      const code = await fleetCli(['rollout', ...args], io);
      return { code, out: out.join(''), err: err.join('') };
    } finally {
      process.env = saved;
    }
  }
  const rolloutOf = async (id: number) =>
    JSON.parse((await shequ(['status', String(id), '--json', '--kiosks'])).out) as Rollout;
  const idIn = (text: string) => Number(/rollout (\d+)/.exec(text)?.[1]);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shequ-rollout-cli-'));
    const webDir = join(dir, 'web');
    [pg, broker] = await Promise.all([
      startPostgres(),
      startFleetBroker([...SITE, 'svc-console']),
      buildConsoleWeb(webDir),
    ]).then(([p, b]) => [p, b] as const);
    for (const id of SITE)
      kiosks.set(
        id,
        new SimFleetKiosk({
          brokerUrl: broker.urlFor(id),
          kioskId: id,
          site: 'site-r',
          trustedKeys: [trusted],
        }),
      );
    await startSimKiosks([...kiosks.values()]);
    db = await openCentralDb(pg.url);
    fleet = await startFleetOperations({
      db,
      broker: { url: broker.urlFor('svc-console') },
      signingKey: signing,
      alerts: { versionDrift: false },
      rolloutTickMs: 200,
    });
    await fleet.ready;
    central = await startCentral({ db, demoAccounts: true, webDir, modules: [fleet.module] });
    const deadline = Date.now() + 10_000;
    while (SITE.some((id) => fleet.state.kiosks.get(id)?.status?.state !== 'online')) {
      assert.ok(Date.now() < deadline, 'the console never saw every kiosk online');
      await new Promise((r) => setTimeout(r, 100));
    }
    configFile = join(dir, 'config.json');
    await writeFile(configFile, JSON.stringify(simulationConfig({})));
    badConfigFile = join(dir, 'bad.json');
    await writeFile(badConfigFile, JSON.stringify({ queue: 'not an object' }));
  });

  after(async () => {
    for (const k of kiosks.values()) k.crash();
    await central?.close();
    await fleet?.close();
    await db?.close();
    await Promise.all([broker?.close(), pg?.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  test('start --wait follows a rollout wave by wave to completed (exit 0); ls and status show it', async () => {
    const r = await shequ([
      'start',
      '--config',
      configFile,
      '--site',
      'site-r',
      '--canary-count',
      '1',
      '--share',
      '50',
      '--threshold',
      '0',
      '--wait',
    ]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^rollout \d+: completed, version \d+/);
    assert.match(r.out, /wave 1: canary 1\/1\n {2}wave 2: share 1\/1\n {2}wave 3: rest 2\/2/);
    const done = await rolloutOf(idIn(r.out));
    for (const id of SITE) assert.equal(kiosk(id).applied, done.version, `${id} runs the new version`);
    const ls = await shequ(['ls']);
    assert.match(ls.out, new RegExp(`^#${done.id} completed version ${done.version} sites site-r: `, 'm'));
  });

  test('a silent canary halts the rollout (exit 1); resumed once the kiosk is back, it completes', async () => {
    kiosk('site-r-002').bundles = 'ignore';
    const r = await shequ([
      'start',
      '--config',
      configFile,
      '--kiosk',
      'site-r-001',
      '--kiosk',
      'site-r-002',
      '--kiosk',
      'site-r-003',
      '--canary',
      'site-r-001',
      '--canary',
      'site-r-002',
      '--threshold',
      '25',
      '--wave-timeout',
      '2',
      '--wait',
    ]);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /halted: wave 1 \(canary\): 1 of 2 failed, above the threshold of 25%/);
    const id = idIn(r.out);
    const halted = await rolloutOf(id);
    assert.deepEqual(
      halted.kiosks?.map((k) => [k.kioskId, k.state]),
      [
        ['site-r-001', 'applied'],
        ['site-r-002', 'timeout'],
        ['site-r-003', 'waiting'],
      ],
    );
    assert.notEqual(kiosk('site-r-003').applied, halted.version, 'the next wave never went out');
    const status = await shequ(['status', String(id), '--kiosks']);
    assert.match(status.out, /site-r-002 site-r wave 1: timeout \(no report of the version in time\)/);

    kiosk('site-r-002').bundles = 'apply';
    const resumed = await shequ(['resume', String(id), '--wait']);
    assert.equal(resumed.code, 0, resumed.err);
    assert.match(resumed.out, new RegExp(`^rollout ${id}: completed`));
    for (const k of ['site-r-001', 'site-r-002', 'site-r-003'])
      assert.equal(kiosk(k).applied, halted.version, `${k} runs the resumed rollout's version`);
    assert.match((await shequ(['resume', String(id)])).err, /rollout \d+ is completed, not halted/);
  });

  test('halt stops a rollout mid-wave; rollback sends the last good version to the kiosks it reached', async () => {
    kiosk('site-r-004').bundles = 'ignore';
    const before = kiosk('site-r-001').applied;
    const started = await shequ([
      'start',
      '--config',
      configFile,
      '--kiosk',
      'site-r-004',
      '--kiosk',
      'site-r-001',
      '--canary',
      'site-r-004',
      '--wave-timeout',
      '120',
    ]);
    assert.equal(started.code, 0, started.err);
    const id = idIn(started.out);
    const halt = await shequ(['halt', String(id), '--reason', '换班检查']);
    assert.equal(halt.code, 0, halt.err);
    assert.match(halt.out, /halted, version \d+/);
    assert.match(halt.out, /halted: 换班检查/);
    assert.match(
      (await shequ(['halt', String(id)])).err,
      /^shequ fleet rollout halt: rollout \d+ is halted, not running\n$/,
    );

    kiosk('site-r-004').bundles = 'apply';
    const back = await shequ(['rollback', String(id), '--wait']);
    assert.equal(back.code, 0, back.err);
    const r = await rolloutOf(id);
    assert.equal(r.state, 'rolled-back');
    assert.ok(r.rollbackVersion && r.rollbackVersion > r.version);
    assert.equal(
      kiosk('site-r-004').applied,
      r.rollbackVersion,
      'the kiosk it reached runs the last good version',
    );
    assert.equal(kiosk('site-r-001').applied, before, 'a kiosk it never reached is left alone');
  });

  test('every failure is one line: bad config, no such rollout, a viewer, a wrong password, no console, bad options', async () => {
    const cases: Array<[string[], Record<string, string>, number, RegExp]> = [
      [
        ['start', '--config', badConfigFile, '--site', 'site-r'],
        {},
        1,
        /^shequ fleet rollout start: .*queue/,
      ],
      [
        ['start', '--config', join(dir, 'none.json'), '--site', 'site-r'],
        {},
        1,
        /cannot read the configuration/,
      ],
      [['status', '999'], {}, 1, /^shequ fleet rollout status: no rollout 999$/],
      [
        ['halt', '1'],
        { SHEQU_CENTRAL_USER: 'lingdao', SHEQU_CENTRAL_PASSWORD: 'demo-lingdao-1' },
        1,
        /may not do this/,
      ],
      [
        ['ls'],
        { SHEQU_CENTRAL_PASSWORD: 'wrong' },
        1,
        /login to http:\/\/127\.0\.0\.1:\d+ as yunwei refused: wrong user name or password/,
      ],
      [
        ['ls'],
        { SHEQU_CENTRAL_URL: 'http://127.0.0.1:9' },
        1,
        /cannot reach the central console at http:\/\/127\.0\.0\.1:9 .*is it running\?/,
      ],
      [
        ['ls'],
        { SHEQU_CENTRAL_PASSWORD: '' },
        1,
        /no password: set \$SHEQU_CENTRAL_PASSWORD or pass --password-file FILE/,
      ],
      [['start', '--site', 'site-r'], {}, 2, /--config FILE is required/],
      [
        ['start', '--config', configFile, '--site', 'a', '--kiosk', 'b'],
        {},
        2,
        /--site or --kiosk, one of the two/,
      ],
      [
        ['start', '--config', configFile, '--site', 'a', '--threshold', '150'],
        {},
        2,
        /--threshold must be a whole number from 0 to 100/,
      ],
      [['halt', 'x'], {}, 2, /rollout ID 'x' is not a number/],
      [['status', '1', '--bogus'], {}, 2, /unknown option '--bogus'/],
      [['explode'], {}, 2, /unknown command 'explode'/],
    ];
    for (const [args, env, code, line] of cases) {
      const r = await shequ(args, env);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.err}`);
      const first = r.err.split('\n')[0] ?? '';
      assert.match(code === 2 ? r.err : first, line, args.join(' '));
      if (code === 1) assert.equal(r.err.trim().split('\n').length, 1, `one line: ${r.err}`);
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    }
  });

  test('as a process: --help exits 0 and lists the verbs; an act runs from bin/shequ', async () => {
    const help = spawnShequ(['fleet', 'rollout', '--help']);
    assert.equal(await help.exited, 0);
    for (const verb of ['start', 'ls', 'status', 'halt', 'resume', 'rollback'])
      assert.match(help.output(), new RegExp(`shequ fleet rollout ${verb}`));
    const ls = spawnShequ(['fleet', 'rollout', 'ls'], {
      env: {
        SHEQU_CENTRAL_URL: central.url,
        SHEQU_CENTRAL_USER: 'yunwei',
        SHEQU_CENTRAL_PASSWORD: 'demo-yunwei-1',
      },
    });
    assert.equal(await ls.exited, 0, ls.output());
    assert.match(ls.output(), /^#\d+ rolled-back version \d+ 2 kiosks: /m);
  });
});

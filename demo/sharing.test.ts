/**
 * Data sharing in the demo as `npm start` composes it: the hub on the embedded broker and central's
 * PGlite; the demo kiosk holds the district catalogue from its first start, and a back-office step
 * entered on the central console shows on the resident's progress lookup.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sharingApi } from '../contract/sharing-api.ts';
import { simulationConfig } from '../firmware-config/sim-config.ts';
import { DEMO_ACCOUNTS as CENTRAL_ACCOUNTS } from '../fleet/index.ts';
import { type ConsoleSession, consoleLogin } from '../test/support/console-http.ts';
import { acceptCaseAt, staffApi, until } from '../test/support/sharing-kiosk.ts';
import { DEMO_PASSWORD } from './demo-accounts.ts';
import { DEMO_DISTRICT } from './sharing.ts';
import { type Simulation, startSimulation } from './simulation.ts';

const dir = mkdtempSync(join(tmpdir(), 'shequ-demo-sharing-'));
let sim: Simulation;
let centralSession: (role: string) => Promise<ConsoleSession>;

before(async () => {
  sim = await startSimulation({
    dataDir: dir,
    httpPort: 0,
    inProcessReader: true,
    uiDistDir: join(dir, 'ui'),
  });
  centralSession = (role) => {
    const a = CENTRAL_ACCOUNTS.find((x) => x.role === role)!;
    return consoleLogin(sim.central!.url, a.username, a.password);
  };
});
after(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the demo kiosk holds the district catalogue central shares, at central’s version and hash', async () => {
  const op = await centralSession('operator');
  const path = `${sharingApi.versions}?dataset=catalogue&scope=district&scopeId=${DEMO_DISTRICT}`;
  const seen = await until('the kiosk on the catalogue', async () => {
    const v = (
      await op.get<{
        version: number;
        hash: string;
        entries: number;
        kiosks: Array<{ version: number; hash: string }>;
      }>(path)
    ).body;
    return v.kiosks.some((k) => k.version === v.version && k.hash === v.hash) && v;
  });
  const items = simulationConfig().services.flatMap((s) => s.caseItems);
  assert.equal(seen.entries, items.length, 'every item of the demo centre is in the catalogue');
});

test('a back-office step entered on the demo’s central console shows on the demo kiosk’s progress lookup', async () => {
  const api = await staffApi(sim.running.url, 'clerk', DEMO_PASSWORD);
  const c = await acceptCaseAt(sim.running, api, 0, 'ssc-new');
  const db = sim.centralDb!;
  await until(
    'the case at central',
    async () => (await db.query('SELECT 1 FROM cases WHERE case_id = $1', [c.id])).length > 0,
  );
  const supervisor = await centralSession('supervisor');
  const res = await supervisor.post(sharingApi.progress, {
    kioskId: sim.running.appliance.config.kioskId,
    caseId: c.id,
    department: '区人社局',
    step: 'approved',
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const steps = await until('the step at the kiosk', async () => {
    const r = await api('POST', '/api/cases/lookup', {
      receiptNo: c.number,
      idTail: c.applicantMaskedNumber.slice(-4),
      withCard: false,
    });
    const found = (r.json as { cases: Array<{ backOffice?: Array<{ step: string; department: string }> }> })
      .cases[0];
    return found?.backOffice;
  });
  assert.deepEqual(
    steps.map((s) => `${s.department} ${s.step}`),
    ['区人社局 approved'],
  );
});

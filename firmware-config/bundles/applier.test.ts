import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { UnsignedBundle } from '../../contract/config/bundle.ts';
import type { ApplianceConfig } from '../../contract/config/schema.ts';
import { generateSigningKey, signBundle } from '../../platform/bundle-signature.ts';
import { simulationConfig } from '../sim-config.ts';
import { type ApplyReport, ConfigApplier, type HealthVerdict } from './applier.ts';

const ops = generateSigningKey();
const rogue = generateSigningKey();
const NOW = Date.UTC(2026, 10, 28, 9, 0, 0);
const KIOSK = 'K-SIM-0001';

function bundle(over: Partial<UnsignedBundle> = {}, config: Partial<ApplianceConfig> = {}): UnsignedBundle {
  return {
    kiosk: KIOSK,
    version: 2,
    issuedAt: NOW - 60_000,
    expiresAt: NOW + 86_400_000,
    config: { ...simulationConfig(), ...config },
    ...over,
  };
}

const signed = (b: UnsignedBundle, key = ops.signing) => JSON.stringify(signBundle(b, key));

describe('ConfigApplier', () => {
  let dir: string;
  let healthCalls: ApplianceConfig[];
  let healthy: (c: ApplianceConfig) => HealthVerdict;
  let applier: ConfigApplier;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shequ-applier-'));
    healthCalls = [];
    healthy = () => ({ ok: true });
    applier = new ConfigApplier({
      kioskId: KIOSK,
      siteId: 'xingfu',
      dir,
      trustedKeys: [ops.trusted],
      now: () => NOW,
      healthCheck: (c) => {
        healthCalls.push(c);
        return healthy(c);
      },
    });
    // The configuration the kiosk was installed with counts as version 1.
    const first = await applier.apply(signed(bundle({ version: 1 })));
    assert.equal(first.status, 'applied');
    healthCalls = [];
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const configOnDisk = async () => JSON.parse(await readFile(applier.configPath, 'utf8')) as ApplianceConfig;

  async function assertRefusedAndUnchanged(report: ApplyReport, reason: string): Promise<void> {
    assert.equal(report.status, 'rejected');
    assert.equal(report.status === 'rejected' && report.reason, reason);
    assert.equal(report.appliedVersion, 1);
    assert.equal((await configOnDisk()).centre.name, simulationConfig().centre.name);
    assert.equal((await applier.state()).appliedVersion, 1);
    assert.equal(healthCalls.length, 0, 'a refused bundle never reaches the appliance');
  }

  const renamed = { centre: { name: '新名称服务中心', nameEn: 'Renamed centre', timeZone: 'Asia/Shanghai' } };

  it('applies a valid signed bundle, persists the version and keeps the previous config as last good', async () => {
    const report = await applier.apply(signed(bundle({ version: 2 }, renamed)));
    assert.deepEqual(report, { status: 'applied', appliedVersion: 2, bundleVersion: 2 });
    assert.equal((await configOnDisk()).centre.name, '新名称服务中心');
    const lastGood = JSON.parse(await readFile(applier.lastGoodPath, 'utf8')) as ApplianceConfig;
    assert.equal(lastGood.centre.name, simulationConfig().centre.name);
    assert.equal((await applier.state()).appliedVersion, 2);
    assert.equal(healthCalls.length, 1);
  });

  it('refuses an unsigned bundle', async () => {
    await assertRefusedAndUnchanged(await applier.apply(JSON.stringify(bundle({}, renamed))), 'unsigned');
  });

  it('refuses a bundle signed by a key it does not trust', async () => {
    const report = await applier.apply(signed(bundle({}, renamed), rogue.signing));
    await assertRefusedAndUnchanged(report, 'unknown-key');
  });

  it('refuses a bundle signed by another key that claims the trusted key ID', async () => {
    const forged = signed(bundle({}, renamed), {
      keyId: ops.signing.keyId,
      privateKeyPem: rogue.signing.privateKeyPem,
    });
    await assertRefusedAndUnchanged(await applier.apply(forged), 'bad-signature');
  });

  it('refuses a validly signed bundle whose content was altered after signing', async () => {
    const good = signBundle(bundle({}, renamed), ops.signing);
    const tampered = JSON.stringify({ ...good, expiresAt: good.expiresAt + 1 });
    await assertRefusedAndUnchanged(await applier.apply(tampered), 'bad-signature');
  });

  it('refuses a bundle bound to another kiosk', async () => {
    await assertRefusedAndUnchanged(
      await applier.apply(signed(bundle({ kiosk: 'K-OTHER-0002' }, renamed))),
      'wrong-kiosk',
    );
  });

  it('refuses a bundle bound to another site and accepts one bound to its own site', async () => {
    const other = bundle({ kiosk: undefined, site: 'other-site' }, renamed);
    delete other.kiosk;
    await assertRefusedAndUnchanged(await applier.apply(signed(other)), 'wrong-site');
    const own = { ...other, site: 'xingfu' };
    assert.equal((await applier.apply(signed(own))).status, 'applied');
    assert.equal((await configOnDisk()).kioskId, KIOSK, 'a site bundle gets this kiosk’s own ID');
  });

  it('refuses an expired bundle', async () => {
    await assertRefusedAndUnchanged(
      await applier.apply(signed(bundle({ expiresAt: NOW - 1 }, renamed))),
      'expired',
    );
  });

  it('refuses a bundle issued in the future with its own reason, apart from an expired one', async () => {
    const aYearAhead = NOW + 365 * 86_400_000;
    const future = await applier.apply(
      signed(bundle({ issuedAt: aYearAhead, expiresAt: aYearAhead + 86_400_000 }, renamed)),
    );
    await assertRefusedAndUnchanged(future, 'issued-in-future');
    assert.match(future.status === 'rejected' ? future.detail : '', /issued at \d{4}-/);
    // Just past the 5-minute allowance: refused; an expired one says expired, not future.
    await assertRefusedAndUnchanged(
      await applier.apply(signed(bundle({ issuedAt: NOW + 5 * 60_000 + 1 }, renamed))),
      'issued-in-future',
    );
    await assertRefusedAndUnchanged(
      await applier.apply(signed(bundle({ issuedAt: NOW - 2 * 86_400_000, expiresAt: NOW - 1 }, renamed))),
      'expired',
    );
    // Within the allowance (central's clock a little ahead) it applies.
    const skewed = await applier.apply(signed(bundle({ issuedAt: NOW + 4 * 60_000 }, renamed)));
    assert.equal(skewed.status, 'applied');
  });

  it('takes its clock-skew allowance from the options', async () => {
    const strict = new ConfigApplier({
      kioskId: KIOSK,
      siteId: 'xingfu',
      dir,
      trustedKeys: [ops.trusted],
      now: () => NOW,
      clockSkewMs: 0,
      healthCheck: () => ({ ok: true }),
    });
    const report = await strict.apply(signed(bundle({ issuedAt: NOW + 60_000 }, renamed)));
    assert.equal(report.status === 'rejected' && report.reason, 'issued-in-future');
    assert.equal((await strict.apply(signed(bundle({ issuedAt: NOW }, renamed)))).status, 'applied');
  });

  it('refuses a bundle whose version is not above the applied one (replay and rollback)', async () => {
    await assertRefusedAndUnchanged(
      await applier.apply(signed(bundle({ version: 1 }, renamed))),
      'stale-version',
    );
    assert.equal((await applier.apply(signed(bundle({ version: 5 }, renamed)))).status, 'applied');
    const older = await applier.apply(signed(bundle({ version: 4 })));
    assert.equal(older.status === 'rejected' && older.reason, 'stale-version');
    assert.equal((await configOnDisk()).centre.name, '新名称服务中心');
  });

  it('refuses a signed bundle whose configuration fails the schema, naming the field', async () => {
    const report = await applier.apply(signed(bundle({}, { services: [] })));
    await assertRefusedAndUnchanged(report, 'invalid-config');
    assert.match(report.status === 'rejected' ? report.detail : '', /\/services/);
  });

  it('refuses malformed input without throwing', async () => {
    await assertRefusedAndUnchanged(await applier.apply('{not json'), 'malformed');
    const noTarget = signBundle({ ...bundle({}, renamed), kiosk: undefined }, ops.signing);
    await assertRefusedAndUnchanged(await applier.apply(JSON.stringify(noTarget)), 'malformed');
  });

  it('rolls back to the last good configuration when the health check fails, and never retries that version', async () => {
    healthy = (c) =>
      c.centre.name === '新名称服务中心' ? { ok: false, reason: 'printer profile missing' } : { ok: true };
    const report = await applier.apply(signed(bundle({ version: 3 }, renamed)));
    assert.deepEqual(report, {
      status: 'rolled-back',
      appliedVersion: 1,
      reason: 'health-check-failed',
      detail: 'printer profile missing',
      bundleVersion: 3,
    });
    assert.equal((await configOnDisk()).centre.name, simulationConfig().centre.name);
    assert.equal(healthCalls.length, 2, 'checked with the new config, then re-applied the last good one');
    assert.equal(healthCalls[1]?.centre.name, simulationConfig().centre.name);
    const state = await applier.state();
    assert.equal(state.appliedVersion, 1);
    assert.equal(state.failedVersion, 3);
    const again = await applier.apply(signed(bundle({ version: 3 }, renamed)));
    assert.equal(again.status === 'rejected' && again.reason, 'stale-version');
  });

  it('treats a throwing health check as a failure', async () => {
    healthy = () => {
      throw new Error('boom');
    };
    const report = await applier.apply(signed(bundle({ version: 2 }, renamed)));
    assert.equal(report.status, 'rolled-back');
    assert.match(report.status === 'rolled-back' ? report.detail : '', /boom/);
  });

  it('restores the last good configuration after an apply interrupted by a power cut', async () => {
    // Simulate the crash window: state says version 2 was pending and the new file is on disk.
    const state = await applier.state();
    await writeFile(applier.lastGoodPath, await readFile(applier.configPath, 'utf8'));
    await writeFile(applier.configPath, JSON.stringify({ ...simulationConfig(), ...renamed }));
    await writeFile(applier.statePath, JSON.stringify({ ...state, pendingVersion: 2 }));
    assert.deepEqual(await applier.recoverInterrupted(), { recovered: true, version: 2 });
    assert.equal((await configOnDisk()).centre.name, simulationConfig().centre.name);
    assert.equal((await applier.state()).pendingVersion, null);
    assert.deepEqual(await applier.recoverInterrupted(), { recovered: false });
  });

  it('serialises concurrent applies so two deliveries of one bundle apply it once', async () => {
    const text = signed(bundle({ version: 7 }, renamed));
    const [a, b] = await Promise.all([applier.apply(text), applier.apply(text)]);
    assert.deepEqual([a.status, b.status].sort(), ['applied', 'rejected']);
    assert.equal(healthCalls.length, 1);
  });
});

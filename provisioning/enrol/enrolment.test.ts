import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import { initCentralPki, loadPair, pkiPaths, serviceTls } from '../../fleet/enroll/central-pki.ts';
import { ClaimStore } from '../../fleet/enroll/claims.ts';
import { type EnrolService, startEnrolService } from '../../fleet/enroll/enrol-service.ts';
import { EnrolmentRegistry } from '../../fleet/enroll/registry.ts';
import { recordMessages } from '../../test/support/mqtt.ts';
import { startTlsBroker, type TlsBroker } from '../../test/support/tls-broker.ts';
import { connectTls, NOT_AUTHORIZED, publishCode } from '../../test/support/tls-clients.ts';
import { identityPaths, kioskMqttOptions, readKioskIdentity } from '../identity/kiosk-identity.ts';
import { enrolKiosk } from './enrol-client.ts';
import { EnrolRefusedError } from './errors.ts';

const HOUR = 3_600_000;

describe('enrolment end to end (claim code → CSR → certificate → own topics), real mosquitto with TLS', () => {
  let central: string;
  let broker: TlsBroker;
  let service: EnrolService;
  let claims: ClaimStore;
  const kioskDirs: string[] = [];

  async function kioskDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'shequ-kiosk-'));
    kioskDirs.push(dir);
    return dir;
  }

  const enrol = async (dataDir: string, serial: string, claimCode: string, timeoutMs = 8000) =>
    enrolKiosk({
      dataDir,
      serial,
      claimCode,
      provisioningUrl: broker.provisioningUrl,
      bootstrapDir: pkiPaths(central).bootstrapDir('b2026a'),
      timeoutMs,
    });

  const refusedWith = (reason: string) => (err: unknown) =>
    err instanceof EnrolRefusedError && err.reason === reason;

  before(async () => {
    central = await mkdtemp(join(tmpdir(), 'shequ-central-'));
    await initCentralPki(central, { batch: 'b2026a', brokerHosts: ['127.0.0.1'] });
    broker = await startTlsBroker(central);
    claims = new ClaimStore(central);
    service = await startEnrolService({
      brokerUrl: broker.serviceUrl,
      tls: await serviceTls(central, 'svc-enroll'),
      dataDir: central,
      ca: await loadPair(pkiPaths(central).deviceCa),
      kioskBrokerUrl: broker.kioskUrl,
      approvalPollMs: 100,
    });
  });

  after(async () => {
    await service?.close();
    await broker?.stop();
    await rm(central, { recursive: true, force: true });
    await Promise.all(kioskDirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('enrols a kiosk that then connects only with its own certificate and publishes on its own topics', async () => {
    const code = await claims.issue({
      siteId: 'xingfu',
      requireApproval: false,
      createdAt: Date.now(),
      expiresAt: Date.now() + HOUR,
    });
    const dataDir = await kioskDir();
    const identity = await enrol(dataDir, 'SN-E2E-0001', code);
    assert.equal(identity.kioskId, 'xingfu-001');
    assert.equal(identity.siteId, 'xingfu');
    assert.equal(identity.brokerUrl, broker.kioskUrl);
    assert.ok(identity.notAfter > Date.now() + 360 * 24 * HOUR, 'one-year certificate');
    assert.deepEqual(readKioskIdentity(dataDir), identity);
    const keyMode = (await stat(identityPaths(dataDir).key)).mode & 0o777;
    assert.equal(keyMode, 0o600, 'private key readable by its owner only');

    const watcher = await connectTls(broker.serviceUrl, await serviceTls(central, 'svc-console'));
    const seen = recordMessages(watcher);
    await watcher.subscribeAsync('v1/kiosks/#', { qos: 1 });
    const kiosk = await mqtt.connectAsync(identity.brokerUrl, {
      ...kioskMqttOptions(dataDir),
      reconnectPeriod: 0,
      connectTimeout: 5000,
    });
    try {
      assert.equal(await publishCode(kiosk, 'v1/kiosks/xingfu-001/tx', '{"hello":"central"}'), 0);
      const got = await seen.waitFor((m) => m.topic === 'v1/kiosks/xingfu-001/tx', 3000, 'the kiosk’s tx');
      assert.equal(got.payload.toString(), '{"hello":"central"}');
      assert.equal(await publishCode(kiosk, 'v1/kiosks/xingfu-002/tx', '{}'), NOT_AUTHORIZED);
    } finally {
      await kiosk.endAsync(true);
      await watcher.endAsync(true);
    }
    // The private key never left the kiosk: nothing central stored contains it.
    const key = await readFile(identityPaths(dataDir).key, 'utf8');
    const used = (await claims.list()).find((c) => c.used?.serial === 'SN-E2E-0001');
    assert.ok(used?.used?.certificate.includes('BEGIN CERTIFICATE'));
    assert.ok(!JSON.stringify(used).includes(key.split('\n')[1] ?? 'x'));
  });

  it('refuses a claim code used a second time, by another kiosk', async () => {
    const code = await claims.issue({
      siteId: 'xingfu',
      requireApproval: false,
      createdAt: Date.now(),
      expiresAt: Date.now() + HOUR,
    });
    await enrol(await kioskDir(), 'SN-E2E-0002', code);
    const second = await kioskDir();
    await assert.rejects(enrol(second, 'SN-E2E-0003', code), refusedWith('claim-used'));
    await assert.rejects(readFile(identityPaths(second).identity), 'no identity stored after a refusal');
  });

  it('refuses an expired claim code and an unknown one', async () => {
    const expired = await claims.issue({
      siteId: 'xingfu',
      requireApproval: false,
      createdAt: Date.now() - 2 * HOUR,
      expiresAt: Date.now() - HOUR,
    });
    await assert.rejects(enrol(await kioskDir(), 'SN-E2E-0004', expired), refusedWith('claim-expired'));
    await assert.rejects(
      enrol(await kioskDir(), 'SN-E2E-0005', 'ZZZZ-ZZZZ-ZZZZ'),
      refusedWith('unknown-claim'),
    );
  });

  it('enrols several kiosks of one batch at the same moment (they share the bootstrap identity)', {
    timeout: 30_000,
  }, async () => {
    const serials = ['SN-E2E-0101', 'SN-E2E-0102', 'SN-E2E-0103'];
    const codes = await Promise.all(
      serials.map(() =>
        claims.issue({
          siteId: 'anhe',
          requireApproval: false,
          createdAt: Date.now(),
          expiresAt: Date.now() + HOUR,
        }),
      ),
    );
    const dirs = await Promise.all(serials.map(() => kioskDir()));
    const identities = await Promise.all(
      serials.map((s, i) => enrol(dirs[i] ?? '', s, codes[i] ?? '', 15_000)),
    );
    assert.deepEqual(identities.map((x) => x.kioskId).sort(), ['anhe-001', 'anhe-002', 'anhe-003']);
    assert.deepEqual(
      identities.map((x) => x.serial),
      serials,
    );
  });

  it('holds a claim that needs approval until an operator approves it', async () => {
    const code = await claims.issue({
      siteId: 'heping',
      kioskId: 'heping-lobby',
      requireApproval: true,
      createdAt: Date.now(),
      expiresAt: Date.now() + HOUR,
    });
    const registry = new EnrolmentRegistry(central);
    const enrolling = enrol(await kioskDir(), 'SN-E2E-0006', code);
    let pending = await registry.getPending('SN-E2E-0006');
    for (let i = 0; !pending && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 50));
      pending = await registry.getPending('SN-E2E-0006');
    }
    assert.equal(pending?.siteId, 'heping');
    assert.equal(
      (await registry.kiosks()).some((k) => k.kioskId === 'heping-lobby' && 'enrolledAt' in k),
      false,
    );
    await registry.approve('SN-E2E-0006', 'operator-test');
    const identity = await enrolling;
    assert.equal(identity.kioskId, 'heping-lobby');
    assert.equal(await registry.getPending('SN-E2E-0006'), null);
    assert.ok(service.counts['pending-approval'] >= 1);
  });
});

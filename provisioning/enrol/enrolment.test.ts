import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import { FleetAgent } from '../../appliance/fleet-agent/agent.ts';
import { Outbox } from '../../appliance/outbox/outbox.ts';
import { Store } from '../../appliance/store/store.ts';
import { provTopics } from '../../contract/provisioning.ts';
import { initCentralPki, loadPair, pkiPaths, serviceTls } from '../../fleet/enroll/central-pki.ts';
import { ClaimStore } from '../../fleet/enroll/claims.ts';
import { type EnrolService, startEnrolService } from '../../fleet/enroll/enrol-service.ts';
import { signCsr } from '../../fleet/enroll/pki.ts';
import { EnrolmentRegistry } from '../../fleet/enroll/registry.ts';
import { generateEcKeyPair } from '../../platform/pki/ec-keys.ts';
import { recordMessages } from '../../test/support/mqtt.ts';
import { startTlsBroker, type TlsBroker } from '../../test/support/tls-broker.ts';
import {
  connectionRefused,
  connectTls,
  NOT_AUTHORIZED,
  publishCode,
} from '../../test/support/tls-clients.ts';
import { connectErrorExplainer } from '../identity/broker-refusal.ts';
import { createCsr } from '../identity/csr.ts';
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

  it('answers only the asker: another bootstrap client sees no reply and gets nothing for a serial whose claim it lacks', async () => {
    const code = await claims.issue({
      siteId: 'anhe',
      requireApproval: false,
      createdAt: Date.now(),
      expiresAt: Date.now() + HOUR,
    });
    const boot = pkiPaths(central).bootstrapDir('b2026a');
    const bootstrap = {
      ca: await readFile(join(boot, 'device-ca.pem'), 'utf8'),
      cert: await readFile(join(boot, 'bootstrap.pem'), 'utf8'),
      key: await readFile(join(boot, 'bootstrap.key'), 'utf8'),
    };
    const attackerId = provTopics.clientId('ab'.repeat(16));
    const attacker = await connectTls(broker.provisioningUrl, bootstrap, { clientId: attackerId });
    try {
      const got = recordMessages(attacker);
      await attacker.subscribeAsync(['#', 'v1/prov/#', 'v1/prov/prov-bootstrap/+/SN-E2E-0201/res'], {
        qos: 1,
      });
      const identity = await enrol(await kioskDir(), 'SN-E2E-0201', code);
      assert.equal(identity.kioskId, 'anhe-004');
      // Asking for the same serial under its own client ID: with a wrong code, then with the kiosk's
      // (now used) code and a key of its own.
      const csr = await createCsr(await generateEcKeyPair(), 'SN-E2E-0201');
      const ask = async (claimCode: string, requestId: string) => {
        await attacker.publishAsync(
          provTopics.request(attackerId, 'SN-E2E-0201'),
          JSON.stringify({ serial: 'SN-E2E-0201', csr, claimCode, requestId }),
          { qos: 1 },
        );
        return got.waitFor((m) => m.payload.toString().includes(requestId), 5000, requestId);
      };
      const wrong = JSON.parse((await ask('WRONG-CODE-0000', 'attack-00000001')).payload.toString());
      assert.equal(wrong.reason, 'unknown-claim');
      const replay = JSON.parse((await ask(code, 'attack-00000002')).payload.toString());
      assert.equal(
        replay.reason,
        'claim-used',
        'the kiosk’s claim gives the attacker no certificate for its own key',
      );
      assert.deepEqual(
        [...new Set(got.all.map((m) => m.topic))],
        [provTopics.response(attackerId, 'SN-E2E-0201')],
        'the attacker saw only the answers to its own requests, not the kiosk’s',
      );
    } finally {
      await attacker.endAsync(true);
    }
  });

  it('refuses an expired and a not-yet-valid kiosk certificate, and the kiosk says which', async () => {
    const code = await claims.issue({
      siteId: 'anhe',
      requireApproval: false,
      createdAt: Date.now(),
      expiresAt: Date.now() + HOUR,
    });
    const dataDir = await kioskDir();
    const identity = await enrol(dataDir, 'SN-E2E-0301', code);
    const paths = identityPaths(dataDir);
    const csr = await readFile(paths.csr, 'utf8');
    const ca = await loadPair(pkiPaths(central).deviceCa);
    const now = Date.now();
    const cases = [
      {
        notBefore: now - 48 * HOUR,
        notAfter: now - 24 * HOUR,
        alert: 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
        says: /certificate expired at \d{4}-/,
      },
      {
        notBefore: now + 24 * HOUR,
        notAfter: now + 48 * HOUR,
        alert: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
        says: /not valid until \d{4}-.*check the clock/,
      },
    ];
    for (const c of cases) {
      const cert = await signCsr(ca, csr, {
        kioskId: identity.kioskId,
        notBefore: new Date(c.notBefore),
        notAfter: new Date(c.notAfter),
      });
      await writeFile(paths.cert, cert);
      const refused = await connectionRefused(identity.brokerUrl, {
        ca: await readFile(paths.ca, 'utf8'),
        cert,
        key: await readFile(paths.key, 'utf8'),
      });
      assert.equal((refused as { code?: unknown }).code, c.alert, 'the broker refuses in the TLS handshake');
      // The fleet agent, as `shequ start` wires it, puts the reason in its uplink state (the log line).
      const store = await Store.open(join(dataDir, 'log'));
      const outbox = await Outbox.open(dataDir, store);
      const agent = new FleetAgent({
        kioskId: identity.kioskId,
        brokerUrl: identity.brokerUrl,
        protocolVersion: 5,
        dataDir,
        outbox,
        version: 'test',
        reconnectBaseMs: 50,
        reconnectCapMs: 200,
        mqttOptions: kioskMqttOptions(dataDir),
        describeError: connectErrorExplainer(dataDir),
      });
      const lastError = new Promise<string>((resolve) => {
        agent.on('uplink', (u: { lastError?: string }) => {
          if (u.lastError) resolve(u.lastError);
        });
      });
      await agent.start();
      try {
        assert.match(await lastError, c.says);
        assert.equal(agent.uplink.connected, false);
      } finally {
        await agent.close();
      }
    }
  });
});

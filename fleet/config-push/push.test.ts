import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MqttClient } from 'mqtt';
import type { ApplianceConfig } from '../../contract/config/schema.ts';
import { ConfigApplier } from '../../firmware-config/bundles/applier.ts';
import { attachConfigSync } from '../../firmware-config/bundles/config-sync.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import type { TrustedKey } from '../../platform/bundle-signature.ts';
import { json, recordMessages } from '../../test/support/mqtt.ts';
import { startTlsBroker, type TlsBroker } from '../../test/support/tls-broker.ts';
import { connectTls } from '../../test/support/tls-clients.ts';
import { initCentralPki, loadPair, loadSigningKey, pkiPaths, serviceTls } from '../enroll/central-pki.ts';
import { issueWithNewKey } from '../enroll/pki.ts';
import { PushError, pushConfig } from './push.ts';
import { VersionConflictError } from './version-ledger.ts';

const KIOSK = 'xingfu-001';

describe('shequ fleet config push → kiosk applier, over the TLS broker', () => {
  let central: string;
  let kioskDir: string;
  let broker: TlsBroker;
  let kiosk: MqttClient;
  let applied: ApplianceConfig[];

  before(async () => {
    central = await mkdtemp(join(tmpdir(), 'shequ-push-'));
    kioskDir = await mkdtemp(join(tmpdir(), 'shequ-push-kiosk-'));
    await initCentralPki(central, { batch: 'b1', brokerHosts: ['127.0.0.1'] });
    broker = await startTlsBroker(central);
    const pair = await issueWithNewKey(await loadPair(pkiPaths(central).deviceCa), {
      cn: KIOSK,
      usage: 'client',
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 3_600_000),
    });
    const ca = await readFile(pkiPaths(central).deviceCa.certPem, 'utf8');
    kiosk = await connectTls(broker.kioskUrl, { ca, cert: pair.certPem, key: pair.keyPem });
    const trusted = JSON.parse(await readFile(pkiPaths(central).trustedKeys, 'utf8')) as TrustedKey[];
    applied = [];
    const applier = new ConfigApplier({
      kioskId: KIOSK,
      siteId: 'xingfu',
      dir: kioskDir,
      trustedKeys: trusted,
      healthCheck: (c) => {
        applied.push(c);
        return { ok: true };
      },
    });
    await attachConfigSync(kiosk, KIOSK, applier).start();
  });

  after(async () => {
    await kiosk?.endAsync(true);
    await broker?.stop();
    await rm(central, { recursive: true, force: true });
    await rm(kioskDir, { recursive: true, force: true });
  });

  const push = async (config: unknown, version?: number) =>
    pushConfig({
      dataDir: central,
      target: { kiosk: KIOSK },
      kioskIds: [KIOSK],
      config,
      key: await loadSigningKey(central),
      ttlMs: 86_400_000,
      ...(version === undefined ? {} : { version }),
      brokerUrl: broker.serviceUrl,
      tls: await serviceTls(central, 'svc-config'),
    });

  it('signs and publishes retained; the kiosk applies it and reports applied on config/reported', async () => {
    const watcher = await connectTls(broker.serviceUrl, await serviceTls(central, 'svc-console'));
    const seen = recordMessages(watcher);
    await watcher.subscribeAsync(`v1/kiosks/${KIOSK}/config/#`, { qos: 1 });
    try {
      const first = await push(simulationConfig());
      assert.equal(first.bundle.version, 1);
      const config = { ...simulationConfig(), queue: { elderlyAge: 60, priorityRatio: 3 } };
      const second = await push(config);
      assert.equal(second.bundle.version, 2);
      const report = await seen.waitFor(
        (m) =>
          m.topic.endsWith('/config/reported') &&
          (json(m) as { appliedVersion: number }).appliedVersion === 2,
        5000,
        'report of version 2',
      );
      assert.equal((json(report) as { status: string }).status, 'applied');
      assert.equal(applied.at(-1)?.queue.elderlyAge, 60);
    } finally {
      await watcher.endAsync(true);
    }
    const late = await connectTls(broker.serviceUrl, await serviceTls(central, 'svc-console'));
    try {
      const lateSeen = recordMessages(late);
      await late.subscribeAsync(`v1/kiosks/${KIOSK}/config/desired`, { qos: 1 });
      const desired = await lateSeen.waitFor((m) => m.retain, 3000, 'retained desired');
      assert.equal(
        (json(desired) as { version: number }).version,
        2,
        'a late subscriber gets the latest bundle',
      );
    } finally {
      await late.endAsync(true);
    }
  });

  it('refuses a version that is not above the last pushed one, and an invalid configuration, before publishing', async () => {
    await assert.rejects(push(simulationConfig(), 1), VersionConflictError);
    await assert.rejects(
      push({ ...simulationConfig(), services: [] }),
      (e: unknown) => e instanceof PushError && e.code === 'config-push.invalid-config',
    );
  });
});

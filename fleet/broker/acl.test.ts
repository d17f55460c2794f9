import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { MqttClient } from 'mqtt';
import { topics } from '../../contract/mqtt.ts';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { connectClient } from '../../test/support/mqtt.ts';
import { startTestKiosk } from '../../test/support/test-kiosk.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { startIngest } from '../ingest/worker.ts';
import { buildIdentityPlugin } from './plugin/identity-plugin.ts';

const aclFile = fileURLToPath(new URL('./acl', import.meta.url));
const PASSWORD = 'synthetic-test-secret';

describe('the production ACL (fleet/broker/acl) and identity plugin on a real mosquitto', () => {
  let dir: string;
  let broker: MosquittoBroker;
  let db: CentralDb;
  const withUser = (user: string) => `mqtt://${user}:${PASSWORD}@127.0.0.1:${broker.port}`;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shequ-acl-'));
    const passwd = join(dir, 'passwd');
    for (const [i, user] of ['K0001', 'K0002', 'svc-ingest', 'svc-console'].entries()) {
      execFileSync('/usr/bin/mosquitto_passwd', [...(i === 0 ? ['-c'] : []), '-b', passwd, user, PASSWORD]);
    }
    broker = await startMosquitto({
      extraConfig: `allow_anonymous false\npassword_file ${passwd}\nacl_file ${aclFile}\nplugin ${await buildIdentityPlugin()}`,
    });
    db = await openCentralDb();
  });
  after(async () => {
    await db.close();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function kiosk(id: string): Promise<MqttClient> {
    return connectClient(withUser(id), { clientId: id, protocolVersion: 5 });
  }

  test('a kiosk cannot write into another kiosk, nor desired config or commands into its own tree', async () => {
    const k1 = await kiosk('K0001');
    try {
      await assert.rejects(k1.publishAsync(topics.tx('K0002'), '{}', { qos: 1 }), /Not authorized|135/i);
      await assert.rejects(
        k1.publishAsync(topics.configDesired('K0001'), '{}', { qos: 1 }),
        /Not authorized|135/i,
      );
      await assert.rejects(
        k1.publishAsync(topics.cmd('K0001', 'reboot'), '{}', { qos: 1 }),
        /Not authorized|135/i,
      );
      const own = await k1.subscribeAsync(topics.ack('K0001'), { qos: 1 });
      assert.equal(own[0]?.qos, 1);
    } finally {
      await k1.endAsync();
    }
  });

  test('anonymous clients are refused', async () => {
    await assert.rejects(connectClient(broker.url, { protocolVersion: 5 }));
  });

  test('the ingest user consumes through the shared subscription and acks a kiosk inside the ACL', async () => {
    const worker = await startIngest({ brokerUrl: withUser('svc-ingest'), db, workerId: 'acl-ingest' });
    const k2 = await startTestKiosk(withUser('K0002'), 'K0002', { resendAfterMs: 5000 });
    // mosquitto 2.0 grants the subscription but checks read access on every delivery.
    const snoop = await kiosk('K0001');
    const snooped: string[] = [];
    snoop.on('message', (topic) => snooped.push(topic));
    await snoop.subscribeAsync(topics.ack('K0002'), { qos: 1 });
    try {
      await k2.send(5);
      await k2.waitAllAcked(10_000);
      assert.equal(worker.stored, 5);
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(snooped, [], "another kiosk's acks never reach K0001");
    } finally {
      await snoop.endAsync();
      await k2.close();
      await worker.close();
    }
  });

  test('a service cannot take a kiosk’s client ID (its session stays), nor log in under another identity’s', async () => {
    const k1 = await kiosk('K0001');
    let dropped = false;
    k1.on('close', () => {
      dropped = true;
    });
    try {
      for (const [user, clientId] of [
        ['svc-console', 'K0001'],
        ['svc-ingest', 'K0001'],
        ['svc-console', 'svc-ingest.w1'],
        ['K0002', 'K0001'],
      ] as const) {
        await assert.rejects(
          connectClient(withUser(user), { clientId, protocolVersion: 5 }),
          (err: Error & { code?: number }) => err.code === 135,
          `${user} as ${clientId}`,
        );
      }
      // The plugin binds the client ID; the password file still checks the password.
      await assert.rejects(
        connectClient(`mqtt://svc-console:wrong@127.0.0.1:${broker.port}`, {
          clientId: 'svc-console.cli',
          protocolVersion: 5,
        }),
        (err: Error & { code?: number }) => err.code === 135,
      );
      const own = await connectClient(withUser('svc-console'), {
        clientId: 'svc-console.cli',
        protocolVersion: 5,
      });
      await own.endAsync();
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(dropped, false, 'K0001 kept its connection');
      await k1.publishAsync(topics.status('K0001'), '{"state":"online"}', { qos: 1 });
    } finally {
      await k1.endAsync();
    }
  });
});

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { MqttClient } from 'mqtt';
import {
  type NotifySealingKey,
  type NotifySubscribeRequest,
  type NotifySubscribeResult,
  notifyTopics,
  sealContext,
} from '../../contract/notify.ts';
import { sealPhone, x25519PublicFromRaw } from '../../platform/sealed-phone.ts';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { connectClient, json, recordMessages } from '../../test/support/mqtt.ts';
import { type KioskOptInService, serveKioskOptIn } from './kiosk-wire.ts';
import { type NotifyHarness, startNotifyHarness } from './testing/harness.ts';
import { testPhone } from './testing/phones.ts';

const aclFile = fileURLToPath(new URL('../broker/acl', import.meta.url));
const PASSWORD = 'synthetic-test-secret';
let dir: string;
let broker: MosquittoBroker;
let h: NotifyHarness;
let central: MqttClient;
let service: KioskOptInService;
const kiosks: MqttClient[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shequ-notify-wire-'));
  const passwd = join(dir, 'passwd');
  for (const [i, user] of ['K0001', 'K0002', 'notify'].entries()) {
    execFileSync('/usr/bin/mosquitto_passwd', [...(i === 0 ? ['-c'] : []), '-b', passwd, user, PASSWORD]);
  }
  broker = await startMosquitto({
    extraConfig: `allow_anonymous false\npassword_file ${passwd}\nacl_file ${aclFile}`,
  });
  h = await startNotifyHarness();
  central = await connectClient(`mqtt://notify:${PASSWORD}@127.0.0.1:${broker.port}`, {
    clientId: 'notify-1',
    protocolVersion: 5,
  });
  service = await serveKioskOptIn({
    client: central,
    notifier: h.notifier,
    vault: h.vault,
    log: (l) => h.logs.push(l),
  });
});
after(async () => {
  await service?.close();
  for (const k of kiosks) await k.endAsync();
  await central?.endAsync();
  await h?.close();
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function kiosk(id: string) {
  const client = await connectClient(`mqtt://${id}:${PASSWORD}@127.0.0.1:${broker.port}`, {
    clientId: id,
    protocolVersion: 5,
  });
  kiosks.push(client);
  const inbox = recordMessages(client);
  await client.subscribeAsync([notifyTopics.sealingKey, notifyTopics.result(id)], { qos: 1 });
  const key = json(
    await inbox.waitFor((m) => m.topic === notifyTopics.sealingKey, 5000, 'sealing key'),
  ) as NotifySealingKey;
  const recipient = { kid: key.kid, publicKey: x25519PublicFromRaw(Buffer.from(key.publicKey, 'base64')) };
  return {
    client,
    inbox,
    request(
      ticketId: string,
      phone: string,
      extra: Partial<NotifySubscribeRequest> = {},
    ): NotifySubscribeRequest {
      const base = {
        v: 1 as const,
        requestId: randomBytes(16).toString('hex'),
        topic: { kind: 'queue.ahead' as const, ticketId, number: 'A001', ahead: 3 },
        ts: Date.now(),
      };
      return { ...base, phone: sealPhone(recipient, phone, sealContext(id, base)), ...extra };
    },
    async send(req: NotifySubscribeRequest, asKiosk = id): Promise<NotifySubscribeResult> {
      const correlationData = randomBytes(8);
      await client.publishAsync(notifyTopics.subscribe(asKiosk), JSON.stringify(req), {
        qos: 1,
        properties: { responseTopic: notifyTopics.result(id), correlationData },
      });
      const m = await inbox.waitFor(
        (r) =>
          r.topic === notifyTopics.result(id) &&
          (json(r) as NotifySubscribeResult).requestId === req.requestId,
        5000,
        'subscribe result',
      );
      return json(m) as NotifySubscribeResult;
    },
  };
}

test('a kiosk seals the number to central’s key; central subscribes it and answers with the masked number', async () => {
  const k = await kiosk('K0001');
  const p = testPhone(9001);
  await h.notifier.onTransaction(
    h.tx('K0001', 'ticket.issued', {
      ticketId: 'W-1',
      number: 'A001',
      serviceId: 'ss',
      day: '2026-03-10',
      issuedAt: 1,
    }),
  );
  const req = k.request('W-1', p);
  const result = await k.send(req);
  assert.equal(result.status, 'subscribed');
  assert.equal(result.masked, `${p.slice(0, 3)}****${p.slice(-4)}`);
  assert.ok((result.keptUntil ?? 0) > Date.now(), 'kept until the end of the day');
  const deadline = Date.now() + 10_000;
  while ((await h.notifier.deliveryFor('ticket', 'W-1'))[0]?.state !== 'delivered') {
    if (Date.now() > deadline) throw new Error('turn-near message not delivered');
    await sleep(25);
  }
  assert.equal(h.smsc.messages().filter((m) => m.dest === p).length, 1, 'nobody ahead: it goes at once');
  const again = await k.send(req);
  assert.deepEqual(again, result, 'a retried request gets the same answer');
  const rows = await h.db.query("SELECT 1 FROM notify_subscription WHERE ref_id = 'W-1'");
  assert.equal(rows.length, 1);
  assert.equal(
    (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notify_phone'))[0]?.n,
    1,
    'one encrypted number',
  );
});

test('a seal lifted into another kiosk’s request does not open; an old request is stale; the ACL keeps kiosks apart', async () => {
  const k1 = await kiosk('K0001');
  const k2 = await kiosk('K0002');
  const stolen = k1.request('W-2', testPhone(9002));
  const replayed = await k2.send({ ...stolen, requestId: randomBytes(16).toString('hex') });
  assert.equal(replayed.status, 'unavailable');
  const old = await k2.send(k2.request('W-3', testPhone(9003), { ts: Date.now() - 5 * 60_000 }));
  assert.equal(old.status, 'stale');
  await assert.rejects(
    k2.client.publishAsync(notifyTopics.subscribe('K0001'), JSON.stringify(stolen), { qos: 1 }),
    /Not authorized|135/i,
  );
  await k2.client.subscribeAsync(notifyTopics.result('K0001'), { qos: 1 });
  const own = await k1.send(k1.request('W-4', testPhone(9004)));
  assert.equal(own.status, 'subscribed');
  await sleep(100);
  assert.equal(
    k2.inbox.all.some((m) => m.topic === notifyTopics.result('K0001')),
    false,
    'another kiosk’s answers never reach it',
  );
  assert.equal(
    (await h.db.query("SELECT 1 FROM notify_subscription WHERE ref_id IN ('W-2', 'W-3')")).length,
    0,
  );
  assert.ok(h.logs.some((l) => /K0002: the sealed number did not open/.test(l)));
});

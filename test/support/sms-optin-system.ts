/**
 * The SMS opt-in path on real parts, started once for a test file or benchmark: the appliance as
 * `npm start` assembles it (demo/simulation.ts), mosquitto with the shipped ACL and logins,
 * central's notification service on PGlite with the SMPP gateway bound to the test SMSC, and the
 * kiosk opt-in service on the broker. Central's ingest feeding the notifier is stood in for by a
 * client reading the kiosk's tx topic that acks each transaction as real ingest does
 * (fleet/ingest/worker.ts): `{acks:[{txId, r:'ok'}]}` on `v1/kiosks/{id}/ack` once the notifier has
 * taken it, so the kiosk's outbox drains normally.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MqttClient } from 'mqtt';
import type { ApplianceConfig } from '../../contract/config/schema.ts';
import { type AckPayload, type TxEnvelope, topics } from '../../contract/mqtt.ts';
import { type Simulation, startSimulation } from '../../demo/simulation.ts';
import { type KioskOptInService, serveKioskOptIn } from '../../fleet/notify/kiosk-wire.ts';
import { type NotifyHarness, startNotifyHarness } from '../../fleet/notify/testing/harness.ts';
import { buildUi } from '../../kiosk-ui/build.ts';
import { type MosquittoBroker, startMosquitto } from './mosquitto.ts';
import { connectClient } from './mqtt.ts';

export const SMS_KIOSK = 'K-SIM-0001';
const PASSWORD = 'synthetic-test-secret';
const aclFile = fileURLToPath(new URL('../../fleet/broker/acl', import.meta.url));

export interface ApiAnswer {
  status: number;
  text: string;
  json: Record<string, unknown>;
  res: Response;
}

export interface SmsOptInSystem {
  dir: string;
  broker: MosquittoBroker;
  readonly sim: Simulation;
  h: NotifyHarness;
  /** mqtt://user:password@127.0.0.1:port for a user in the broker's password file. */
  urlFor(user: string): string;
  /** The appliance's HTTP API, as the kiosk screen and the counter call it. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  /** The demo clerk's session headers (cookie and CSRF token), for the counter's calls. */
  clerkSession(): Promise<Record<string, string>>;
  /** Stops the appliance and starts it again on the same data directory (its port changes). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmsOptInSystem(
  opts: {
    withUi?: boolean;
    /** More broker logins (same password), e.g. a second kiosk for an anchor. */
    extraUsers?: readonly string[];
    configOverrides?: Partial<ApplianceConfig>;
  } = {},
): Promise<SmsOptInSystem> {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-sms-optin-'));
  const passwd = join(dir, 'passwd');
  for (const [i, user] of [SMS_KIOSK, 'notify', 'svc-ingest', ...(opts.extraUsers ?? [])].entries())
    execFileSync('/usr/bin/mosquitto_passwd', [...(i === 0 ? ['-c'] : []), '-b', passwd, user, PASSWORD]);
  const broker = await startMosquitto({
    extraConfig: `allow_anonymous false\npassword_file ${passwd}\nacl_file ${aclFile}`,
  });
  const urlFor = (user: string) => `mqtt://${user}:${PASSWORD}@127.0.0.1:${broker.port}`;
  const h = await startNotifyHarness();
  const notifyClient: MqttClient = await connectClient(urlFor('notify'), {
    clientId: 'notify-1',
    protocolVersion: 5,
  });
  const optIn: KioskOptInService = await serveKioskOptIn({
    client: notifyClient,
    notifier: h.notifier,
    vault: h.vault,
  });
  const ingest = await connectClient(urlFor('svc-ingest'), {
    clientId: 'svc-ingest.stand-in',
    protocolVersion: 5,
  });
  // One transaction at a time, in arrival order, as central's ingest applies them: handled
  // concurrently, a ticket's call could overtake its issue and leave it "waiting" at central.
  // Acked only once applied, like real ingest after its commit: a failed one stays in the kiosk's
  // outbox and comes again.
  let applied: Promise<unknown> = Promise.resolve();
  ingest.on('message', (_topic, payload) => {
    const tx = JSON.parse(payload.toString()) as TxEnvelope;
    const ack: AckPayload = { acks: [{ txId: tx.txId, r: 'ok' }] };
    applied = applied
      .then(() => h.notifier.onTransaction(tx))
      .then(() => ingest.publishAsync(topics.ack(tx.kiosk), JSON.stringify(ack), { qos: 1 }))
      .catch(() => {});
  });
  await ingest.subscribeAsync(topics.tx(SMS_KIOSK), { qos: 1 });
  let uiDistDir: string | undefined;
  if (opts.withUi) {
    uiDistDir = join(dir, 'ui');
    await buildUi(uiDistDir);
  }
  const startSim = () =>
    startSimulation({
      dataDir: join(dir, 'sim'),
      httpPort: 0,
      broker: { url: urlFor(SMS_KIOSK), protocolVersion: 5 },
      embeddedIngest: false,
      ...(uiDistDir ? { uiDistDir } : {}),
      ...(opts.configOverrides ? { configOverrides: opts.configOverrides } : {}),
    });
  let sim = await startSim();

  async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(sim.running.url + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, res };
  }

  return {
    dir,
    broker,
    get sim() {
      return sim;
    },
    async restart() {
      await sim.close();
      sim = await startSim();
    },
    h,
    urlFor,
    api,
    async clerkSession() {
      const login = await api('POST', '/api/session', { username: 'clerk', password: 'shequ-demo' });
      return {
        cookie: login.res.headers.get('set-cookie')!.split(';')[0]!,
        'x-csrf-token': String(login.json.csrfToken),
      };
    },
    async close() {
      await sim.close();
      // A test may leave the broker stopped: nothing may wait for it (forced ends, a bounded close).
      await Promise.race([optIn.close(), new Promise((r) => setTimeout(r, 2_000))]);
      await ingest.endAsync(true);
      await notifyClient.endAsync(true);
      await h.close();
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

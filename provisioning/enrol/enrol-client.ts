/**
 * The kiosk half of enrolment: key pair and CSR made here, one request over the provisioning
 * listener with the batch bootstrap certificate (subscribe to the reply first), then the issued
 * certificate checked against the pinned device CA and our own key before it is stored.
 * Every connection attempt has a client ID of its own (`prov-bootstrap.{128 random bits}`); the
 * broker confines it to its own request and reply topics, so no other kiosk of the batch can read
 * the reply, answer in central's name or take the session over.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { access, copyFile, mkdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import mqtt, { type MqttClient } from 'mqtt';
import type { PanelCertAsk } from '../../contract/panel-cert.ts';
import { type ProvRequest, ProvResponse, provTopics } from '../../contract/provisioning.ts';
import { writeFileDurably } from '../../platform/durable-file.ts';
import { generateEcKeyPair, keyPairFromPem, privateKeyToPem } from '../../platform/pki/ec-keys.ts';
import { x509 } from '../../platform/pki/x509.ts';
import { createCsr } from '../identity/csr.ts';
import { bootstrapPaths, identityPaths, type KioskIdentity } from '../identity/kiosk-identity.ts';
import { describePanelCert, makePanelAsk, panelCertProblem, savePanelCert } from '../identity/panel-cert.ts';
import { AlreadyEnrolledError, EnrolLinkError, EnrolRefusedError } from './errors.ts';

const responseCheck = TypeCompiler.Compile(ProvResponse);

export interface EnrolOptions {
  dataDir: string;
  serial: string;
  claimCode: string;
  /** mqtts URL of the broker's provisioning listener. */
  provisioningUrl: string;
  /** Directory with the factory bootstrap bundle (bootstrap.pem/.key, device-ca.pem, config-keys.json). */
  bootstrapDir: string;
  /** Give up after this long (pending operator approval included). */
  timeoutMs?: number;
  /**
   * LAN names and addresses of the staff panel: with them, the district CA also issues the panel's
   * HTTPS certificate (kept in identity/panel-cert.json, renewed by the fleet agent).
   */
  panelNames?: string[];
  onStatus?: (line: string) => void;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Loads the key from an earlier, unfinished attempt, or makes a new one (stored 0600). */
async function deviceKeys(keyPath: string): Promise<CryptoKeyPair> {
  if (await exists(keyPath)) return keyPairFromPem(await readFile(keyPath, 'utf8'));
  const keys = await generateEcKeyPair();
  await writeFileDurably(keyPath, await privateKeyToPem(keys.privateKey));
  return keys;
}

async function checkCertificate(
  certPem: string,
  caPem: string,
  kioskId: string,
  keys: CryptoKeyPair,
): Promise<void> {
  const cert = new x509.X509Certificate(certPem);
  const ca = new x509.X509Certificate(caPem);
  const problems: string[] = [];
  if (cert.subjectName.getField('CN')[0] !== kioskId) problems.push(`CN is not ${kioskId}`);
  if (!(await cert.verify({ publicKey: ca.publicKey, signatureOnly: true })))
    problems.push('not signed by the device CA');
  const ours = Buffer.from(await crypto.subtle.exportKey('spki', keys.publicKey));
  if (!ours.equals(Buffer.from(cert.publicKey.rawData))) problems.push('not for this kiosk’s key');
  if (problems.length > 0) {
    throw new EnrolLinkError(
      'provision.bad-certificate',
      `issued certificate refused: ${problems.join('; ')}`,
    );
  }
}

export async function enrolKiosk(opts: EnrolOptions): Promise<KioskIdentity> {
  const paths = identityPaths(opts.dataDir);
  const boot = bootstrapPaths(opts.bootstrapDir);
  const status = opts.onStatus ?? (() => {});
  if (await exists(paths.identity)) {
    throw new AlreadyEnrolledError(`already enrolled (${paths.identity}); run shequ reset --factory first`);
  }
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  const keys = await deviceKeys(paths.key);
  const csr = await createCsr(keys, opts.serial);
  await writeFileDurably(paths.csr, csr);
  const pinnedCa = await readFile(boot.ca, 'utf8');

  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  const bootstrap = {
    ca: pinnedCa,
    cert: await readFile(boot.cert, 'utf8'),
    key: await readFile(boot.key, 'utf8'),
  };
  const panel = opts.panelNames?.length ? await makePanelAsk(opts.serial, opts.panelNames) : null;
  const response = await exchangeWithRetries(opts, bootstrap, { csr, panel: panel?.ask }, deadline, status);
  await checkCertificate(response.certificate, pinnedCa, response.kioskId, keys);
  await writeFileDurably(paths.cert, response.certificate);
  await writeFileDurably(paths.ca, pinnedCa);
  if (panel) await keepPanelCertificate(opts.dataDir, response, panel, pinnedCa, status);
  await copyFile(boot.configKeys, paths.configKeys);
  const identity: KioskIdentity = {
    kioskId: response.kioskId,
    siteId: response.siteId,
    serial: opts.serial,
    brokerUrl: response.brokerUrl,
    notAfter: response.notAfter,
    enrolledAt: Date.now(),
  };
  await writeFileDurably(paths.identity, `${JSON.stringify(identity, null, 2)}\n`);
  return identity;
}

/** The panel certificate that came with the enrolment, checked and kept; a refusal is said, not fatal. */
async function keepPanelCertificate(
  dataDir: string,
  response: Issued,
  panel: { ask: PanelCertAsk; keyPem: string },
  caPem: string,
  status: (line: string) => void,
): Promise<void> {
  if (!response.panelCertificate) {
    status(`no staff panel certificate: ${response.panelRefused ?? 'central issued none'}`);
    return;
  }
  const problem = await panelCertProblem(response.panelCertificate, panel.keyPem, caPem, response.kioskId);
  if (problem) {
    status(`staff panel certificate refused: ${problem}`);
    return;
  }
  await savePanelCert(dataDir, describePanelCert(response.panelCertificate, panel.keyPem, panel.ask.names));
}

/** The connection dropped before the answer came. */
class ConnectionLostError extends Error {}

/**
 * One connection per attempt, each with a fresh random client ID (and so fresh reply topics). A
 * dropped connection is retried after a random pause until the deadline; central answers the
 * same serial and key with the same certificate, so a reply lost with the link costs nothing.
 */
async function exchangeWithRetries(
  opts: EnrolOptions,
  tls: { ca: string; cert: string; key: string },
  asks: Asks,
  deadline: number,
  status: (line: string) => void,
): Promise<Issued> {
  for (let attempt = 0; ; attempt++) {
    let client: MqttClient;
    const clientId = provTopics.clientId(randomBytes(16).toString('hex'));
    try {
      client = await mqtt.connectAsync(
        opts.provisioningUrl,
        {
          protocolVersion: 5,
          clientId,
          clean: true,
          reconnectPeriod: 0,
          connectTimeout: 10_000,
          rejectUnauthorized: true,
          ...tls,
        },
        // Without this, a connection closed before CONNACK (e.g. taken over) never settles the promise.
        false,
      );
    } catch (err) {
      if (attempt > 0 && Date.now() < deadline) {
        await sleep(Math.min(5_000, 100 * 2 ** attempt) * Math.random());
        continue;
      }
      throw new EnrolLinkError(
        'provision.broker-unreachable',
        `cannot reach ${opts.provisioningUrl} with the bootstrap certificate: ${(err as Error).message}`,
      );
    }
    try {
      return await exchange(client, clientId, opts, asks, deadline, status);
    } catch (err) {
      // A refusal or a bad answer ends enrolment; a dropped connection (subscribe, publish or
      // wait cut short) is retried until the deadline.
      const lost = err instanceof ConnectionLostError || !client.connected;
      if (!lost) throw err;
      if (Date.now() >= deadline) {
        throw new EnrolLinkError('provision.timeout', 'the connection kept dropping before an answer came');
      }
      status('connection to the enrolment service dropped; asking again');
      await sleep(Math.min(5_000, 100 * 2 ** attempt) * Math.random());
    } finally {
      await Promise.race([client.endAsync(true).catch(() => {}), sleep(1_000)]);
    }
  }
}

type Issued = Extract<ProvResponse, { status: 'issued' }>;
/** What the request asks to be signed: the kiosk's CSR and, optionally, its panel's. */
type Asks = { csr: string; panel?: PanelCertAsk | undefined };

async function exchange(
  client: MqttClient,
  clientId: string,
  opts: EnrolOptions,
  asks: Asks,
  deadline: number,
  status: (line: string) => void,
): Promise<Issued> {
  const replyTopic = provTopics.response(clientId, opts.serial);
  const replies: ProvResponse[] = [];
  let wake: (() => void) | null = null;
  let lost = false;
  let rejectLost: (err: Error) => void = () => {};
  const lostSignal = new Promise<never>((_resolve, reject) => {
    rejectLost = reject;
  });
  lostSignal.catch(() => {});
  const onLost = () => {
    lost = true;
    rejectLost(new ConnectionLostError());
    wake?.();
  };
  /** MQTT.js keeps a QoS 1 publish or a subscribe for a reconnect that never comes: stop waiting when the link goes. */
  const unlessLost = <T>(op: Promise<T>): Promise<T> => Promise.race([op, lostSignal]);
  // A takeover arrives as an MQTT 5 DISCONNECT (0x8E) before, or instead of, the socket closing.
  client.on('disconnect', onLost);
  client.on('close', onLost);
  client.on('message', (topic, payload) => {
    if (topic !== replyTopic) return;
    try {
      const body: unknown = JSON.parse(payload.toString('utf8'));
      if (responseCheck.Check(body)) replies.push(body);
    } catch {
      return;
    }
    wake?.();
  });
  // Subscribe before publishing, or the reply can be missed.
  await unlessLost(client.subscribeAsync(replyTopic, { qos: 1 }));
  for (;;) {
    const request: ProvRequest = {
      serial: opts.serial,
      csr: asks.csr,
      ...(asks.panel ? { panel: asks.panel } : {}),
      claimCode: opts.claimCode,
      requestId: randomUUID(),
    };
    await unlessLost(
      client.publishAsync(provTopics.request(clientId, opts.serial), JSON.stringify(request), { qos: 1 }),
    );
    const reply = await waitFor(
      () => replies.find((r) => r.requestId === request.requestId) ?? (lost ? 'lost' : undefined),
      deadline,
      (w) => {
        wake = w;
      },
    );
    if (reply === 'lost') throw new ConnectionLostError();
    if (!reply) throw new EnrolLinkError('provision.timeout', 'no answer from the enrolment service in time');
    if (reply.status === 'issued') return reply;
    if (reply.status === 'refused') throw new EnrolRefusedError(reply.reason, reply.detail);
    status('waiting for an operator to approve this kiosk (shequ fleet enroll approve)');
    if (Date.now() + reply.retryAfterMs > deadline) {
      throw new EnrolLinkError('provision.timeout', 'still waiting for approval when the time ran out');
    }
    await sleep(reply.retryAfterMs);
  }
}

async function waitFor<T>(
  find: () => T | undefined,
  deadline: number,
  setWake: (wake: () => void) => void,
): Promise<T | undefined> {
  for (;;) {
    const found = find();
    if (found) return found;
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, left);
      setWake(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

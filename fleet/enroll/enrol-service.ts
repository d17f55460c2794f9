/**
 * The central enrolment service: answers each bootstrap client's request
 * (`v1/prov/prov-bootstrap/{clientId}/{serial}/req`) on that same client's reply topic
 * (`…/{clientId}/{serial}/res`), which only that client can read. The reply topic comes from the
 * request topic, which the broker's ACL ties to the requester's client ID, never from the payload
 * or an MQTT 5 response-topic property a requester could point at someone else.
 * Connects to the broker's service listener with the svc-enroll certificate.
 */
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { panelCertTopics, panelRequestKiosk } from '../../contract/panel-cert.ts';
import { parseRequestTopic, provTopics } from '../../contract/provisioning.ts';
import { serviceClientId } from '../broker/client-id.ts';
import { ClaimStore } from './claims.ts';
import { handleEnrolRequest } from './enrol-handler.ts';
import { brokerNames, handlePanelCertRequest } from './panel-cert.ts';
import type { CertAndKey } from './pki.ts';
import { type RateLimit, RateLimiter } from './rate-limit.ts';
import { EnrolmentRegistry } from './registry.ts';

export interface EnrolServiceOptions {
  brokerUrl: string;
  tls: { ca: string; cert: string; key: string };
  dataDir: string;
  ca: CertAndKey;
  kioskBrokerUrl: string;
  perSerial?: RateLimit;
  global?: RateLimit;
  certLifetimeDays?: number;
  /** Lifetime of the staff panels' HTTPS certificates (default 30 days; kiosks renew at a third left). */
  panelCertDays?: number;
  approvalPollMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

export interface EnrolService {
  /** Requests answered so far, by response status. */
  readonly counts: Record<'issued' | 'pending-approval' | 'refused', number>;
  close(): Promise<void>;
}

export class EnrolServiceError extends Error {
  readonly code = 'enroll.broker-unreachable';
}

function safeJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return null;
  }
}

export async function startEnrolService(opts: EnrolServiceOptions): Promise<EnrolService> {
  const log = opts.log ?? (() => {});
  const panel = {
    reservedNames: await brokerNames(opts.dataDir),
    ...(opts.panelCertDays ? { lifetimeDays: opts.panelCertDays } : {}),
  };
  const deps = {
    ca: opts.ca,
    panel,
    claims: new ClaimStore(opts.dataDir),
    registry: new EnrolmentRegistry(opts.dataDir),
    perSerial: new RateLimiter(opts.perSerial ?? { capacity: 30, perMs: 10 * 60_000 }, opts.now),
    global: new RateLimiter(opts.global ?? { capacity: 120, perMs: 60_000 }, opts.now),
    kioskBrokerUrl: opts.kioskBrokerUrl,
    ...(opts.certLifetimeDays ? { certLifetimeDays: opts.certLifetimeDays } : {}),
    ...(opts.approvalPollMs ? { approvalPollMs: opts.approvalPollMs } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  };
  const counts = { issued: 0, 'pending-approval': 0, refused: 0 };
  const panelLimit = new RateLimiter({ capacity: 10, perMs: 60 * 60_000 }, opts.now);
  const renewal = {
    ca: opts.ca,
    ...panel,
    isEnrolled: async (kioskId: string) => (await deps.registry.kiosks()).some((k) => k.kioskId === kioskId),
    take: (kioskId: string) => panelLimit.take(kioskId),
    now: opts.now ?? Date.now,
  };
  let client: MqttClient;
  try {
    client = await mqtt.connectAsync(
      opts.brokerUrl,
      {
        clientId: serviceClientId(opts.brokerUrl, opts.tls, 'enroll', randomBytes(4).toString('hex')),
        protocolVersion: 5,
        clean: true,
        reconnectPeriod: 2_000,
        connectTimeout: 10_000,
        rejectUnauthorized: true,
        ...opts.tls,
      },
      // Without this, a connection closed before CONNACK (e.g. taken over) never settles the promise.
      false,
    );
  } catch (err) {
    throw new EnrolServiceError(`cannot reach ${opts.brokerUrl}: ${(err as Error).message}`);
  }
  // One request at a time keeps claim and kiosk-ID decisions simple; enrolment is rare.
  let chain: Promise<void> = Promise.resolve();
  client.on('message', (topic, payload, packet) => {
    const renewing = panelRequestKiosk(topic);
    if (renewing && !packet.retain) {
      chain = chain.then(async () => {
        const answer = await handlePanelCertRequest(renewal, renewing, safeJson(payload)).catch(() => null);
        if (!answer) return;
        log(`panel certificate for ${renewing}: ${answer.status}`);
        await client
          .publishAsync(panelCertTopics.response(renewing), JSON.stringify(answer), { qos: 1 })
          .catch(() => {});
      });
      return;
    }
    const from = parseRequestTopic(topic);
    // A retained request would be answered again on every reconnect of this service: ignore it.
    if (!from || packet.retain) return;
    const { clientId, serial } = from;
    chain = chain.then(async () => {
      const body = safeJson(payload);
      const response = await handleEnrolRequest(deps, serial, body).catch((err: Error) => ({
        requestId: '',
        status: 'refused' as const,
        reason: 'internal' as const,
        detail: err.message,
      }));
      counts[response.status]++;
      log(
        `enrol ${serial}: ${response.status}${response.status === 'issued' ? ` as ${response.kioskId}` : ''}${response.status === 'refused' ? ` (${response.reason})` : ''}`,
      );
      await client
        .publishAsync(provTopics.response(clientId, serial), JSON.stringify(response), { qos: 1 })
        .catch(() => {});
    });
  });
  const subscriptions = [provTopics.allRequests, panelCertTopics.allRequests];
  client.on('connect', () => {
    void client.subscribeAsync(subscriptions, { qos: 1 });
  });
  await client.subscribeAsync(subscriptions, { qos: 1 });
  return {
    counts,
    async close() {
      await chain;
      await client.endAsync();
    },
  };
}

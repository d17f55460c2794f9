/**
 * Builds, signs and publishes a configuration bundle: retained, QoS 1, on each target kiosk's
 * `config/desired`. The configuration is migrated and validated before it is signed, so an
 * operator mistake is caught here rather than refused by every kiosk.
 */
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import type { ConfigBundle } from '../../contract/config/bundle.ts';
import { migrate } from '../../contract/config/migrations/migrate.ts';
import { parseConfig } from '../../contract/config/parse.ts';
import { topics } from '../../contract/mqtt.ts';
import { type SigningKey, signBundle } from '../../platform/bundle-signature.ts';
import { serviceClientId } from '../broker/client-id.ts';
import { nextVersion, type PushTarget, recordVersion } from './version-ledger.ts';

export interface PushOptions {
  dataDir: string;
  target: PushTarget;
  /** The kiosks that receive it: the one kiosk, or every enrolled kiosk of the site. */
  kioskIds: string[];
  config: unknown;
  key: SigningKey;
  ttlMs: number;
  version?: number;
  brokerUrl: string;
  tls: { ca: string; cert: string; key: string };
  now?: number;
}

export class PushError extends Error {
  constructor(
    readonly code: 'config-push.invalid-config' | 'config-push.no-kiosks' | 'config-push.broker',
    message: string,
  ) {
    super(message);
    this.name = 'PushError';
  }
}

export function buildSignedBundle(
  target: PushTarget,
  version: number,
  config: unknown,
  key: SigningKey,
  now: number,
  ttlMs: number,
): ConfigBundle {
  let checked: Record<string, unknown>;
  try {
    const migrated = migrate(config).config;
    // A site bundle is applied by many kiosks; each puts in its own ID, so validate with a placeholder.
    const kioskId = 'kiosk' in target ? target.kiosk : 'site-placeholder';
    checked = parseConfig({ ...migrated, kioskId }) as unknown as Record<string, unknown>;
  } catch (err) {
    throw new PushError('config-push.invalid-config', (err as Error).message);
  }
  return signBundle({ ...target, version, issuedAt: now, expiresAt: now + ttlMs, config: checked }, key);
}

export async function pushConfig(opts: PushOptions): Promise<{ bundle: ConfigBundle; topics: string[] }> {
  if (opts.kioskIds.length === 0)
    throw new PushError('config-push.no-kiosks', 'no enrolled kiosk matches the target');
  const now = opts.now ?? Date.now();
  const version = await nextVersion(opts.dataDir, opts.target, opts.version);
  const bundle = buildSignedBundle(opts.target, version, opts.config, opts.key, now, opts.ttlMs);
  let client: mqtt.MqttClient;
  try {
    client = await mqtt.connectAsync(
      opts.brokerUrl,
      {
        clientId: serviceClientId(opts.brokerUrl, opts.tls, 'config-push', randomBytes(4).toString('hex')),
        protocolVersion: 5,
        reconnectPeriod: 0,
        connectTimeout: 10_000,
        rejectUnauthorized: true,
        ...opts.tls,
      },
      // Without this, a connection closed before CONNACK (e.g. taken over) never settles the promise.
      false,
    );
  } catch (err) {
    throw new PushError('config-push.broker', `cannot reach ${opts.brokerUrl}: ${(err as Error).message}`);
  }
  const sent: string[] = [];
  try {
    const payload = JSON.stringify(bundle);
    for (const kioskId of opts.kioskIds) {
      const topic = topics.configDesired(kioskId);
      const packet = await Promise.race([
        client.publishAsync(topic, payload, { qos: 1, retain: true }),
        new Promise<never>((_resolve, reject) =>
          setTimeout(() => reject(new Error(`no PUBACK for ${topic} within 15 s`)), 15_000).unref(),
        ),
      ]);
      const code = packet && 'reasonCode' in packet ? packet.reasonCode : 0;
      if (code && code >= 0x80)
        throw new PushError('config-push.broker', `broker refused ${topic} (0x${code.toString(16)})`);
      sent.push(topic);
    }
  } catch (err) {
    if (err instanceof PushError) throw err;
    throw new PushError('config-push.broker', (err as Error).message);
  } finally {
    await client.endAsync().catch(() => {});
  }
  await recordVersion(opts.dataDir, opts.target, version, now);
  return { bundle, topics: sent };
}

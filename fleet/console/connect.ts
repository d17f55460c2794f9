import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { serviceClientId } from '../broker/client-id.ts';
import { redactUrl } from '../redact-url.ts';
import type { ClientTls } from '../tls-files.ts';

export class ConsoleConnectError extends Error {
  readonly code: string = 'CONSOLE_BROKER_UNREACHABLE';
}

/** The broker answered, and refused the console's user name, password or certificate. */
export class ConsoleAuthError extends ConsoleConnectError {
  override readonly code = 'CONSOLE_NOT_AUTHORISED';
}

/** Where the console connects and as whom. Without a protocol version it negotiates one. */
export interface BrokerTarget {
  url: string;
  protocolVersion?: 4 | 5;
  username?: string;
  password?: string;
  tls?: ClientTls;
}

/**
 * CONNACK codes of a broker that does not speak the version asked for: 1 in MQTT 3.1.1 (what aedes,
 * the demo's embedded broker, answers to MQTT 5), 0x84 "Unsupported Protocol Version" in MQTT 5.
 */
function refusesVersion(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 1 || code === 0x84;
}

/** CONNACK codes for bad credentials or no permission, in MQTT 3.1.1 (4, 5) and MQTT 5 (0x86, 0x87). */
function refusesCredentials(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 4 || code === 5 || code === 0x86 || code === 0x87;
}

/**
 * A short-lived console connection: clean session, no reconnect, a random client ID. MQTT 5 first;
 * a broker that refuses it gets MQTT 3.1.1, where commands carry their reply address and deadline
 * in the request body instead of properties (see command.ts).
 */
export async function connectConsole(target: BrokerTarget): Promise<MqttClient> {
  const versions: Array<4 | 5> = target.protocolVersion ? [target.protocolVersion] : [5, 4];
  let lastError: unknown;
  for (const protocolVersion of versions) {
    try {
      return await mqtt.connectAsync(target.url, {
        clientId: serviceClientId(
          target.url,
          target.tls,
          'fleet-console',
          randomBytes(4).toString('hex'),
          target.username,
        ),
        protocolVersion,
        clean: true,
        reconnectPeriod: 0,
        connectTimeout: 5000,
        ...(target.username === undefined ? {} : { username: target.username }),
        ...(target.password === undefined ? {} : { password: target.password }),
        ...(target.tls
          ? { ca: target.tls.ca, cert: target.tls.cert, key: target.tls.key, rejectUnauthorized: true }
          : {}),
      });
    } catch (err) {
      lastError = err;
      if (!refusesVersion(err)) break;
    }
  }
  const where = redactUrl(target.url);
  const why = (lastError as Error).message;
  if (refusesCredentials(lastError)) {
    throw new ConsoleAuthError(`the broker at ${where} refused the console: ${why}`, { cause: lastError });
  }
  throw new ConsoleConnectError(`cannot reach the broker at ${where}: ${why}`, { cause: lastError });
}

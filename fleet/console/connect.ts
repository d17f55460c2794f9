import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { serviceClientId } from '../broker/client-id.ts';
import { redactUrl } from '../redact-url.ts';
import type { ClientTls } from '../tls-files.ts';

export class ConsoleConnectError extends Error {
  readonly code = 'CONSOLE_BROKER_UNREACHABLE';
}

/** A short-lived console connection: clean session, no reconnect, a random client ID. */
export async function connectConsole(
  brokerUrl: string,
  protocolVersion: 4 | 5 = 5,
  tls?: ClientTls,
): Promise<MqttClient> {
  try {
    return await mqtt.connectAsync(brokerUrl, {
      clientId: serviceClientId(brokerUrl, tls, 'fleet-console', randomBytes(4).toString('hex')),
      protocolVersion,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      ...(tls ? { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: true } : {}),
    });
  } catch (err) {
    throw new ConsoleConnectError(
      `cannot reach the broker at ${redactUrl(brokerUrl)}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

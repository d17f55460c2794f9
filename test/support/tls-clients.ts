/** Test helpers: mutual-TLS MQTT 5 clients for the TLS broker, and checks on what the broker refused. */
import { randomBytes } from 'node:crypto';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { certificateCn } from '../../fleet/broker/client-id.ts';

export interface TlsIdentity {
  ca: string;
  cert: string;
  key: string;
}

/**
 * Connects with a certificate. Unless told otherwise the client ID is `{CN}.{random}`, the form the
 * broker binds to the certificate identity on the bootstrap and service listeners (on the kiosk
 * listener the broker replaces it with the CN).
 */
export function connectTls(url: string, id: TlsIdentity, extra: IClientOptions = {}): Promise<MqttClient> {
  return mqtt.connectAsync(
    url,
    {
      clientId: `${certificateCn(id.cert) ?? 'anonymous'}.${randomBytes(6).toString('hex')}`,
      protocolVersion: 5,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      rejectUnauthorized: true,
      ca: id.ca,
      cert: id.cert,
      key: id.key,
      ...extra,
    },
    // Without this, a connection closed before CONNACK (e.g. taken over) never settles the promise.
    false,
  );
}

/** Resolves with the connection error, or throws if the broker accepted the connection. */
export async function connectionRefused(
  url: string,
  id: TlsIdentity,
  extra: IClientOptions = {},
): Promise<Error> {
  let client: MqttClient | undefined;
  try {
    client = await connectTls(url, id, extra);
  } catch (err) {
    return err as Error;
  }
  await client.endAsync(true);
  throw new Error('the broker accepted a connection it should have refused');
}

/**
 * Resolves with the broker's TLS refusal of the certificate itself (an OpenSSL alert such as
 * "unsupported certificate", "bad certificate" or "unknown ca"); throws if the connection was
 * accepted or failed any other way (a timeout, a reset, an MQTT-level refusal such as a client-ID
 * clash), so a check that a certificate cannot log in does not pass for the wrong reason.
 */
export async function certificateRefused(
  url: string,
  id: TlsIdentity,
  extra: IClientOptions = {},
): Promise<Error> {
  const err = (await connectionRefused(url, id, extra)) as NodeJS.ErrnoException;
  if (
    !/^ERR_SSL_.*(ALERT|CERTIFICATE)/.test(err.code ?? '') ||
    !/certificate|unknown ca/i.test(err.message)
  ) {
    throw new Error(`refused, but not as a TLS refusal of the certificate: ${err.code ?? ''} ${err.message}`);
  }
  return err;
}

/** The SUBACK reason code the broker returned for one subscription (0x80 and above: refused). */
export async function subscribeCode(client: MqttClient, topic: string): Promise<number> {
  const granted = await client.subscribeAsync(topic, { qos: 1 });
  return granted[0]?.qos ?? -1;
}

/** The PUBACK reason code of a QoS 1 publish (0 = accepted, 0x87 = not authorised). */
export async function publishCode(client: MqttClient, topic: string, payload: string): Promise<number> {
  try {
    const packet = await client.publishAsync(topic, payload, { qos: 1 });
    return packet && 'reasonCode' in packet && typeof packet.reasonCode === 'number' ? packet.reasonCode : 0;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    throw err;
  }
}

export const NOT_AUTHORIZED = 0x87;

/**
 * Sends one short command to a kiosk and waits for its result, the MQTT 5 way: Response Topic
 * `v1/kiosks/{id}/cmd/res`, Correlation Data = the command ID, Message Expiry = the timeout, so
 * a kiosk that comes back later never runs a stale command. Never retained, never retried here:
 * a command that times out is 'unknown', because it may still have run. On an MQTT 3.1.1
 * connection the same request carries its response topic in the body and the result is matched by
 * its commandId.
 */
import { randomBytes } from 'node:crypto';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { MqttClient } from 'mqtt';
import { topics } from '../../contract/mqtt.ts';
import { type CommandRequest, CommandResult } from './command-wire.ts';

const checkResult = TypeCompiler.Compile(CommandResult);

export type CommandOutcome =
  | { kind: 'result'; result: CommandResult; elapsedMs: number }
  /** No final result in time; `accepted` tells whether the kiosk at least took it. */
  | { kind: 'unknown'; commandId: string; accepted: boolean; elapsedMs: number };

const FINAL = new Set(['succeeded', 'failed', 'rejected', 'expired']);

export async function sendCommand(
  client: MqttClient,
  kioskId: string,
  name: string,
  args: Record<string, unknown>,
  timeoutMs: number,
): Promise<CommandOutcome> {
  const correlation = randomBytes(16);
  const commandId = correlation.toString('hex');
  const started = Date.now();
  const responseTopic = topics.cmdResult(kioskId);
  let accepted = false;

  let onMessage: (
    topic: string,
    payload: Buffer,
    packet: { properties?: { correlationData?: Buffer } },
  ) => void = () => {};
  const answered = new Promise<CommandResult>((resolve) => {
    onMessage = (topic, payload, packet) => {
      if (topic !== responseTopic) return;
      let value: unknown;
      try {
        value = JSON.parse(payload.toString('utf8'));
      } catch {
        return;
      }
      const echoed = packet.properties?.correlationData;
      const ours = echoed
        ? correlation.equals(echoed)
        : checkResult.Check(value) && value.commandId === commandId;
      if (!ours || !checkResult.Check(value)) return;
      if (value.status === 'accepted') accepted = true;
      if (FINAL.has(value.status)) resolve(value);
    };
  });
  client.on('message', onMessage);
  let timer: NodeJS.Timeout | undefined;
  try {
    // Subscribe before publishing, or a fast reply could be missed.
    await client.subscribeAsync(responseTopic, { qos: 1 });
    // MQTT 3.1.1 has no properties: the body says where to answer; the deadline stands in for expiry.
    const v5 = client.options.protocolVersion === 5;
    const request: CommandRequest = {
      commandId,
      name,
      args,
      deadline: started + timeoutMs,
      ...(v5 ? {} : { responseTopic }),
    };
    await client.publishAsync(topics.cmd(kioskId, name), JSON.stringify(request), {
      qos: 1,
      retain: false,
      properties: {
        responseTopic,
        correlationData: correlation,
        messageExpiryInterval: Math.max(1, Math.ceil(timeoutMs / 1000)),
      },
    });
    const timedOut = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), Math.max(0, started + timeoutMs - Date.now()));
    });
    const result = await Promise.race([answered, timedOut]);
    const elapsedMs = Date.now() - started;
    return result
      ? { kind: 'result', result, elapsedMs }
      : { kind: 'unknown', commandId, accepted, elapsedMs };
  } finally {
    clearTimeout(timer);
    client.off('message', onMessage);
    await client.unsubscribeAsync(responseTopic).catch(() => {});
  }
}

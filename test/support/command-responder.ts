/**
 * A stand-in kiosk that answers commands the MQTT 5 way (reply on the Response Topic with the
 * Correlation Data echoed), for testing the central side's command path.
 */
import type { MqttClient } from 'mqtt';
import { topics } from '../../contract/mqtt.ts';
import { connectClient } from './mqtt.ts';

export interface SeenCommand {
  topic: string;
  payload: Record<string, unknown>;
  retain: boolean;
  responseTopic: string | undefined;
  correlationData: Buffer | undefined;
  messageExpiryInterval: number | undefined;
}

export type Reply = Array<{ status: string; result?: unknown; error?: string }> | 'silent';

export async function startCommandResponder(
  brokerUrl: string,
  kioskId: string,
  reply: (cmd: SeenCommand) => Reply,
): Promise<{ seen: SeenCommand[]; client: MqttClient; close(): Promise<void> }> {
  const client = await connectClient(brokerUrl, { clientId: `${kioskId}-responder`, protocolVersion: 5 });
  const seen: SeenCommand[] = [];
  client.on('message', (topic, payload, packet) => {
    const cmd: SeenCommand = {
      topic,
      payload: JSON.parse(payload.toString('utf8')) as Record<string, unknown>,
      retain: packet.retain,
      responseTopic: packet.properties?.responseTopic,
      correlationData: packet.properties?.correlationData,
      messageExpiryInterval: packet.properties?.messageExpiryInterval,
    };
    seen.push(cmd);
    const answers = reply(cmd);
    if (answers === 'silent' || !cmd.responseTopic) return;
    for (const a of answers) {
      void client.publishAsync(
        cmd.responseTopic,
        JSON.stringify({ commandId: cmd.payload.commandId, ...a }),
        {
          qos: 1,
          properties: cmd.correlationData ? { correlationData: cmd.correlationData } : {},
        },
      );
    }
  });
  await client.subscribeAsync(topics.cmd(kioskId, '+'), { qos: 1 });
  return { seen, client, close: () => client.endAsync() };
}

/**
 * The notification service as one in-process piece, for the demo (`npm start`): the notifier on
 * central's database with the log-only gateway (masked lines, receipts simulated), and the kiosks'
 * SMS opt-in answered over the broker under the `notify` login. The key file is made on first use
 * (mode 0600) beside central's data, so a number a resident typed yesterday still opens today.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { CentralDb } from '../db/central-db.ts';
import { type KioskOptInService, serveKioskOptIn } from './kiosk-wire.ts';
import { LogGateway } from './log-gateway.ts';
import { Notifier } from './notifier.ts';
import { PhoneVault, readVaultKeyFile, writeVaultKeyFile } from './phone-vault.ts';

export interface NotifyServiceOptions {
  db: CentralDb;
  keyFile: string;
  /** The broker and the notify service's login (client ID `{username}.{suffix}`). */
  broker: { url: string; protocolVersion: 4 | 5; username: string; password: string };
  log: (line: string) => void;
}

export interface NotifyService {
  notifier: Notifier;
  close(): Promise<void>;
}

export async function startNotifyService(o: NotifyServiceOptions): Promise<NotifyService> {
  if (!existsSync(o.keyFile)) {
    mkdirSync(dirname(o.keyFile), { recursive: true, mode: 0o700 });
    writeVaultKeyFile(o.keyFile);
  }
  const vault = new PhoneVault(readVaultKeyFile(o.keyFile));
  const notifier = await Notifier.start({ db: o.db, vault, gateway: new LogGateway(o.log), log: o.log });
  let client: MqttClient | undefined;
  let optIn: KioskOptInService | undefined;
  try {
    client = await mqtt.connectAsync(o.broker.url, {
      protocolVersion: o.broker.protocolVersion,
      clientId: `${o.broker.username}.demo-${process.pid}`,
      username: o.broker.username,
      password: o.broker.password,
      connectTimeout: 10_000,
    });
    // MQTT 3.1.1 has no shared subscriptions: the one worker subscribes plainly.
    optIn = await serveKioskOptIn({
      client,
      notifier,
      vault,
      log: o.log,
      shared: o.broker.protocolVersion === 5,
    });
  } catch (err) {
    await client?.endAsync(true).catch(() => {});
    await notifier.close();
    throw err;
  }
  return {
    notifier,
    async close() {
      await optIn?.close();
      await client?.endAsync().catch(() => {});
      await notifier.close();
    },
  };
}

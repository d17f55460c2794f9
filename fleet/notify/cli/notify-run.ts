/** `shequ notify run`, `notify test-send` and `notify smsc`: the verbs that talk to a gateway. */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import mqtt from 'mqtt';
import { CliError, defineCommand, integerInRange } from '../../../platform/cli/index.ts';
import { redactUrl } from '../../redact-url.ts';
import type { NotifyConfig } from '../config.ts';
import { serveKioskOptIn } from '../kiosk-wire.ts';
import { messageState } from '../message-store.ts';
import { Notifier } from '../notifier.ts';
import { maskPhone, normalisePhone } from '../phone.ts';
import { startTestSmsc } from '../sim/test-smsc.ts';
import {
  dbHelp,
  dbOptions,
  expectingFailures,
  gatewayFrom,
  gatewayHelp,
  gatewayOptions,
  openStores,
  stamp,
} from './common.ts';

function readConfig(path: string | undefined): Partial<NotifyConfig> {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Partial<NotifyConfig>;
  } catch (err) {
    throw new CliError(`cannot read --config ${path}: ${(err as Error).message}`);
  }
}

const SETTLED = ['delivered', 'undelivered', 'expired', 'rejected', 'refused', 'failed', 'cancelled'];

export const runVerb = defineCommand({
  name: 'notify run',
  usage: `Usage: shequ notify run [--db URL | --data DIR] [--key FILE] [--smpp URL] [--broker URL] [--config FILE]
  Takes send jobs off the queue, records receipts, honours TD replies and, with --broker, answers the
  kiosks' SMS opt-in requests. With PGlite it must run in the process that holds the data directory.
${dbHelp}
${gatewayHelp}
  --broker URL mqtt://notify:PASSWORD@HOST:1883 for the kiosks' opt-in requests (optional)
  --config F   JSON with any of: signature, timeZone, quietHours {start,end}, sendDuringQuietHours,
               perRecipient {perHour,perDay}, reminderAt, retry {limit,delaySeconds,maxDelaySeconds}, retentionDays
`,
  options: { ...dbOptions, ...gatewayOptions, broker: { type: 'string' }, config: { type: 'string' } },
  async run({ values, io }) {
    return expectingFailures(async () => {
      const config = readConfig(values.config);
      const gateway = gatewayFrom(values, stamp);
      const { db, vault } = await openStores(values);
      const notifier = await Notifier.start({ db, vault, gateway, config, log: stamp });
      const client = values.broker
        ? await mqtt.connectAsync(values.broker, {
            protocolVersion: 5,
            clientId: `notify-${process.pid}`,
            connectTimeout: 10_000,
          })
        : undefined;
      const optIn = client ? await serveKioskOptIn({ client, notifier, vault, log: stamp }) : undefined;
      const purge = setInterval(
        () => void notifier.purge().catch((e: Error) => stamp(`notify purge: ${e.message}`)),
        3600_000,
      );
      const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      const where = values.db ? 'PostgreSQL' : values.data ? `PGlite in ${values.data}` : 'PGlite in memory';
      io.out(
        `notify READY gateway=${gateway.name}${values.smpp ? ` ${redactUrl(values.smpp)}` : ''} db=${where}${values.broker ? ` broker=${redactUrl(values.broker)}` : ''}\n`,
      );
      const signal = await stopSignal;
      stamp(`notify: ${signal}, stopping`);
      clearInterval(purge);
      await optIn?.close();
      await client?.endAsync();
      await notifier.close();
      await db.close();
      return 0;
    });
  },
});

export const testSendVerb = defineCommand({
  name: 'notify test-send',
  usage: `Usage: shequ notify test-send PHONE [--text TEXT] [--wait SECONDS] [--smpp URL] [--db URL | --data DIR] [--key FILE]
  Queues one message to PHONE (opt-out, limits and quiet hours apply as to any other), sends it and
  waits for its delivery receipt. Exit 0 when delivered, 1 otherwise. The number is shown masked.
${dbHelp}
${gatewayHelp}
`,
  options: {
    ...dbOptions,
    ...gatewayOptions,
    text: { type: 'string', default: '测试短信，请忽略。' },
    wait: { type: 'string', default: '30' },
  },
  positionals: ['PHONE'],
  async run({ values, positionals: [phone], io }) {
    return expectingFailures(async () => {
      const waitMs = integerInRange(values.wait, '--wait', { min: 1, max: 3600 }) * 1000;
      normalisePhone(phone!);
      const gateway = gatewayFrom(values, stamp);
      const { db, vault } = await openStores(values);
      const notifier = await Notifier.start({ db, vault, gateway, log: stamp });
      try {
        const [queued] = await notifier.testSend(phone!, values.text);
        if (!queued) throw new CliError('nothing was queued');
        const deadline = Date.now() + waitMs;
        let state = await messageState(db, queued.id);
        while (state && !SETTLED.includes(state.state) && Date.now() < deadline) {
          await sleep(50);
          state = await messageState(db, queued.id);
        }
        const line = `#${queued.id} → ${maskPhone(phone!)}: ${state?.state ?? 'unknown'}${state?.reason ? ` (${state.reason})` : ''}`;
        if (state?.state !== 'delivered') {
          const why = SETTLED.includes(state?.state ?? '') ? '' : `, no receipt within ${values.wait} s`;
          throw new CliError(`${line}${why}${gateway.problem ? `: ${gateway.problem}` : ''}`);
        }
        io.out(`${line}\n`);
        return 0;
      } finally {
        await notifier.close();
        await db.close();
      }
    });
  },
});

export const smscVerb = defineCommand({
  name: 'notify smsc',
  usage: `Usage: shequ notify smsc [--port N] [--system-id ID] [--password PW]
  A test SMSC on 127.0.0.1 (the smpp package's server side): accepts bind_transceiver with these
  credentials, answers submit_sm, sends delivery receipts, and logs each message with the number masked.
`,
  options: {
    port: { type: 'string', default: '2775' },
    'system-id': { type: 'string', default: 'shequ' },
    password: { type: 'string', default: 'shequ-demo' },
  },
  async run({ values, io }) {
    return expectingFailures(async () => {
      const smsc = await startTestSmsc({
        port: integerInRange(values.port, '--port', { min: 0, max: 65535 }),
        systemId: values['system-id'],
        password: values.password,
        onAccepted: (p) =>
          stamp(`smsc: ${p.smscId} → ${maskPhone(p.dest)} part ${p.seq}/${p.total}: ${p.text}`),
      });
      const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      io.out(`smsc READY smpp://${values['system-id']}:***@127.0.0.1:${smsc.port}\n`);
      await stopSignal;
      await smsc.stop();
      return 0;
    });
  },
});

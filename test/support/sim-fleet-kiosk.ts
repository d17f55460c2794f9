/**
 * A lightweight kiosk for central-side fleet tests and benchmarks: a real MQTT client that speaks
 * the contract the appliance's fleet agent speaks (contract/mqtt.ts, contract/provisioning.ts):
 * client ID = kiosk ID; retained birth and retained last will with a session counter; retained
 * telemetry; retained `offline` with reason 'shutdown' on a clean shutdown; commands answered on
 * the MQTT 5 Response Topic with the Correlation Data echoed ('accepted', then the result);
 * signed desired configuration checked (pinned ed25519 key, site or kiosk binding, expiry,
 * version above the floor) and reported retained on `config/reported`. What it does with a good
 * bundle is the test's choice: apply it, or fail the health check and roll back.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import mqtt, { type MqttClient } from 'mqtt';
import { ConfigBundle } from '../../contract/config/bundle.ts';
import {
  COMMAND_NAMES,
  type CommandRequest,
  type KioskStatus,
  type Telemetry,
  topics,
} from '../../contract/mqtt.ts';
import type { ConfigReported } from '../../contract/provisioning.ts';
import { type TrustedKey, verifyBundleSignature } from '../../platform/bundle-signature.ts';

const checkBundle = TypeCompiler.Compile(ConfigBundle);

export type BundleBehaviour = 'apply' | 'roll-back' | 'ignore';

export interface SimKioskOptions {
  brokerUrl: string;
  kioskId: string;
  site: string;
  /** Password for the broker's password file (username = kiosk ID). */
  password?: string;
  trustedKeys?: readonly TrustedKey[];
  version?: string;
  telemetryIntervalMs?: number;
  bundles?: BundleBehaviour;
  /** Lines `collect-logs` returns (the kiosk's event log). */
  logLines?: Array<Record<string, unknown>>;
}

export const HEALTHY_TELEMETRY: Omit<Telemetry, 'ts' | 'version'> = {
  reader: { state: 'ok' },
  printer: { state: 'ok' },
  scanner: { state: 'ok' },
  disk: { freeBytes: 40e9, totalBytes: 64e9 },
  outbox: { depth: 0, oldestAgeMs: 0 },
  queue: { waiting: 3 },
};

export class SimFleetKiosk {
  client: MqttClient | null = null;
  sess = 0;
  applied = 0;
  floor = 0;
  telemetry: Omit<Telemetry, 'ts' | 'version'> = structuredClone(HEALTHY_TELEMETRY);
  bundles: BundleBehaviour;
  readonly commands: CommandRequest[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly opts: SimKioskOptions) {
    this.bundles = opts.bundles ?? 'apply';
  }

  get kioskId(): string {
    return this.opts.kioskId;
  }

  private status(state: 'online' | 'offline', reason?: string): string {
    const s: KioskStatus = {
      state,
      sess: this.sess,
      ts: Date.now(),
      version: this.opts.version ?? '1.0.0',
      ...(reason ? { reason } : {}),
    };
    return JSON.stringify(s);
  }

  async start(): Promise<void> {
    this.sess += 1;
    const id = this.kioskId;
    const client = await mqtt.connectAsync(
      this.opts.brokerUrl,
      {
        clientId: id,
        protocolVersion: 5,
        clean: true,
        reconnectPeriod: 0,
        connectTimeout: 20_000,
        keepalive: 60,
        ...(this.opts.password ? { username: id, password: this.opts.password } : {}),
        will: {
          topic: topics.status(id),
          payload: Buffer.from(this.status('offline', 'connection lost')),
          qos: 1,
          retain: true,
        },
      },
      false,
    );
    this.client = client;
    client.on('message', (topic, payload, packet) => {
      if (topic === topics.configDesired(id)) void this.onDesired(payload);
      else if (topic.startsWith(`v1/kiosks/${id}/cmd/`) && topic !== topics.cmdResult(id))
        void this.onCommand(topic, payload, packet.properties);
    });
    await client.subscribeAsync([topics.cmd(id, '+'), topics.configDesired(id)], { qos: 1 });
    await client.publishAsync(topics.status(id), this.status('online'), { qos: 1, retain: true });
    await this.publishTelemetry();
    if (this.opts.telemetryIntervalMs)
      this.timer = setInterval(
        () => void this.publishTelemetry().catch(() => {}),
        this.opts.telemetryIntervalMs,
      );
  }

  async publishTelemetry(patch: Partial<Omit<Telemetry, 'ts' | 'version'>> = {}): Promise<void> {
    this.telemetry = { ...this.telemetry, ...patch };
    const t: Telemetry = { ...this.telemetry, ts: Date.now(), version: this.opts.version ?? '1.0.0' };
    await this.client?.publishAsync(topics.telemetry(this.kioskId), JSON.stringify(t), {
      qos: 0,
      retain: true,
    });
  }

  private async report(r: Omit<ConfigReported, 'ts'>): Promise<void> {
    const wire: ConfigReported = { ...r, ts: Date.now() };
    await this.client?.publishAsync(topics.configReported(this.kioskId), JSON.stringify(wire), {
      qos: 1,
      retain: true,
    });
  }

  private async onDesired(payload: Buffer): Promise<void> {
    if (payload.length === 0 || this.bundles === 'ignore') return;
    let bundle: unknown;
    try {
      bundle = JSON.parse(payload.toString('utf8'));
    } catch {
      return this.report({ appliedVersion: this.applied, status: 'rejected', reason: 'malformed' });
    }
    if (!checkBundle.Check(bundle))
      return this.report({ appliedVersion: this.applied, status: 'rejected', reason: 'malformed' });
    const v = bundle.version;
    const reject = (reason: string) =>
      this.report({ appliedVersion: this.applied, status: 'rejected', reason, bundleVersion: v });
    if (!verifyBundleSignature(bundle, this.opts.trustedKeys ?? []).ok) return reject('bad-signature');
    if (bundle.kiosk ? bundle.kiosk !== this.kioskId : bundle.site !== this.opts.site)
      return reject('wrong-site');
    if (bundle.expiresAt <= Date.now()) return reject('expired');
    if (v <= this.floor) {
      if (v === this.applied) return; // the retained copy of what is in effect, redelivered
      return reject('stale-version');
    }
    this.floor = v;
    if (this.bundles === 'roll-back')
      return this.report({
        appliedVersion: this.applied,
        status: 'rolled-back',
        reason: 'health-check-failed',
        detail: 'simulated health check failure',
        bundleVersion: v,
      });
    this.applied = v;
    return this.report({ appliedVersion: v, status: 'applied', bundleVersion: v });
  }

  private async onCommand(
    topic: string,
    payload: Buffer,
    props: { responseTopic?: string; correlationData?: Buffer } | undefined,
  ): Promise<void> {
    const req = JSON.parse(payload.toString('utf8')) as CommandRequest;
    this.commands.push(req);
    const answer = async (body: Record<string, unknown>) => {
      if (!props?.responseTopic) return;
      await this.client?.publishAsync(
        props.responseTopic,
        JSON.stringify({ commandId: req.commandId, ...body }),
        {
          qos: 1,
          ...(props.correlationData ? { properties: { correlationData: props.correlationData } } : {}),
        },
      );
    };
    const name = topic.slice(topic.lastIndexOf('/') + 1);
    if (!(COMMAND_NAMES as readonly string[]).includes(name))
      return answer({ status: 'rejected', error: `unknown command ${name}` });
    await answer({ status: 'accepted' });
    if (name === 'reprint' && !req.args.ticketId)
      return answer({ status: 'failed', error: 'no ticket given (args.ticketId)' });
    const results: Record<string, unknown> = {
      reprint: { ticket: req.args.ticketId, printed: true },
      'print-test': { printed: true },
      'sync-now': { connected: true, pending: this.telemetry.outbox.depth },
      'restart-service': { restarting: 'uplink' },
      'collect-logs': {
        entries: this.opts.logLines ?? [{ ts: Date.now(), level: 'info', source: 'agent', msg: 'started' }],
        devices: { printer: this.telemetry.printer },
      },
    };
    await answer({ status: 'succeeded', result: results[name] });
  }

  /** What the agent does on a clean shutdown: a retained offline with reason 'shutdown', then DISCONNECT. */
  async shutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const c = this.client;
    this.client = null;
    if (!c) return;
    await c.publishAsync(topics.status(this.kioskId), this.status('offline', 'shutdown'), {
      qos: 1,
      retain: true,
    });
    await c.endAsync();
  }

  /** The link dies without a DISCONNECT: the broker publishes the retained last will. */
  crash(): void {
    if (this.timer) clearInterval(this.timer);
    const c = this.client;
    this.client = null;
    c?.stream.destroy();
    c?.end(true);
  }
}

/** Starts kiosks a few at a time (the broker takes a burst of a thousand TCP connects badly). */
export async function startSimKiosks(kiosks: SimFleetKiosk[], parallel = 50): Promise<void> {
  for (let i = 0; i < kiosks.length; i += parallel)
    await Promise.all(kiosks.slice(i, i + parallel).map((k) => k.start()));
}

/**
 * The fleet agent: the appliance's one link to central. It keeps the kiosk's retained
 * online/offline status (with a session counter so stale wills can be told apart), drains the
 * durable outbox with a bounded window of transactions in flight, removes a transaction only on
 * central's application-level ack, and reconnects with exponential backoff and full jitter.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { Low } from 'lowdb';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { AckPayload, IngestState, type KioskStatus, topics } from '../../contract/mqtt.ts';
import { fullJitterDelay } from '../../platform/backoff.ts';
import { DurableJsonFile } from '../../platform/durable-file.ts';
import { payloadDecoder } from '../../platform/mqtt-payload.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { readOrRebuild } from '../store/rebuildable.ts';
import { type CommandHandlers, CommandInbox, type SeenCommandStore } from './command-inbox.ts';
import { type DeviceTelemetry, telemetryPayload } from './telemetry.ts';
import { TxWindow } from './tx-window.ts';

const ackDecoder = payloadDecoder(AckPayload, 'AckPayload');
const ingestStateDecoder = payloadDecoder(IngestState, 'IngestState');

export interface FleetAgentOptions {
  kioskId: string;
  brokerUrl: string;
  protocolVersion: 4 | 5;
  dataDir: string;
  outbox: Outbox;
  version: string;
  /** Transactions published and not yet acked at central, at most. */
  window?: number;
  /** Republish a transaction (same txId) when central has not acked it within this time. */
  ackTimeoutMs?: number;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  keepaliveSec?: number;
  telemetryIntervalMs?: number;
  telemetry?: () => DeviceTelemetry;
  /** What the kiosk does for each command central may send; without it commands are not subscribed. */
  commands?: CommandHandlers;
  /** Where the seen commands are kept (the store); needed with `commands`. */
  seenCommands?: SeenCommandStore;
  /** Extra connection options, e.g. the enrolled kiosk's TLS client certificate. */
  mqttOptions?: Partial<IClientOptions>;
  /** Says what a connection error means (e.g. which way the kiosk's certificate is out of date). */
  describeError?: (err: Error) => string;
  /** Runs after the agent's own subscriptions and before the birth (e.g. desired-config sync). */
  onConnected?: (client: MqttClient) => Promise<void>;
}

export interface UplinkState {
  connected: boolean;
  ingestOnline: boolean | null;
  since: number;
  lastError?: string;
}

interface AgentState {
  v: 1;
  sess: number;
}

export class FleetAgent extends EventEmitter<{
  uplink: [UplinkState];
  rejected: [string, string];
  /** A damaged state file was rebuilt at start (the reason). */
  rebuilt: [string];
}> {
  private client: MqttClient | null = null;
  private readonly txWindow: TxWindow;
  private state!: Low<AgentState>;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private ackTimer: NodeJS.Timeout | null = null;
  private telemetryTimer: NodeJS.Timeout | null = null;
  private closing = false;
  private uplinkState: UplinkState = { connected: false, ingestOnline: null, since: Date.now() };
  private readonly ackTimeoutMs: number;
  private inbox: CommandInbox | null = null;
  /** Set when agent-state.json could not be read at start and was rebuilt. */
  stateRebuiltBecause: string | null = null;

  constructor(private readonly opts: FleetAgentOptions) {
    super();
    // 200 in flight: enough to keep a full TCP segment moving, so even a broker with Nagle on
    // (mosquitto's default) does not stall each window on the kiosk's delayed ACK.
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 30_000;
    this.txWindow = new TxWindow(opts.kioskId, opts.outbox, opts.window ?? 200, this.ackTimeoutMs);
  }

  get uplink(): UplinkState {
    return this.uplinkState;
  }

  async start(): Promise<void> {
    const path = join(this.opts.dataDir, 'agent-state.json');
    this.state = new Low<AgentState>(new DurableJsonFile(path), { v: 1, sess: 0 });
    this.stateRebuiltBecause = await readOrRebuild(this.state, path, (d) =>
      Number.isSafeInteger((d as AgentState).sess),
    );
    // The session counter must still grow: restart it above any count a box reaches (seconds now).
    if (this.stateRebuiltBecause) {
      this.state.data.sess = Math.floor(Date.now() / 1000);
      this.emit(
        'rebuilt',
        `${this.stateRebuiltBecause}; the session count restarts at ${this.state.data.sess}`,
      );
    }
    if (this.opts.commands) {
      if (!this.opts.seenCommands)
        throw new Error('commands need seenCommands: where the seen command IDs are kept');
      this.inbox = new CommandInbox(
        this.opts.kioskId,
        this.opts.dataDir,
        this.opts.commands,
        Date.now,
        this.opts.seenCommands,
      );
      await this.inbox.open();
      if (this.inbox.rebuiltBecause) this.emit('rebuilt', this.inbox.rebuiltBecause);
    }
    this.opts.outbox.on('change', () => this.drain());
    this.ackTimer = setInterval(
      () => this.txWindow.expireOverdue() && this.drain(),
      Math.min(this.ackTimeoutMs, 5_000),
    );
    this.ackTimer.unref();
    const interval = this.opts.telemetryIntervalMs ?? 30_000;
    this.telemetryTimer = setInterval(() => this.publishTelemetry(), interval);
    this.telemetryTimer.unref();
    await this.connect();
  }

  private setUplink(patch: Partial<UplinkState>): void {
    this.uplinkState = { ...this.uplinkState, ...patch, since: Date.now() };
    this.emit('uplink', this.uplinkState);
  }

  private statusPayload(state: 'online' | 'offline', reason?: string): KioskStatus {
    return {
      state,
      sess: this.state.data.sess,
      ts: Date.now(),
      version: this.opts.version,
      ...(reason ? { reason } : {}),
    };
  }

  private async connect(): Promise<void> {
    if (this.closing) return;
    this.state.data.sess += 1;
    await this.state.write();
    const statusTopic = topics.status(this.opts.kioskId);
    const client = mqtt.connect(this.opts.brokerUrl, {
      ...this.opts.mqttOptions,
      clientId: this.opts.kioskId,
      protocolVersion: this.opts.protocolVersion,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      keepalive: this.opts.keepaliveSec ?? 30,
      queueQoSZero: false,
      will: {
        topic: statusTopic,
        payload: Buffer.from(JSON.stringify(this.statusPayload('offline', 'connection lost'))),
        qos: 1,
        retain: true,
      },
    });
    this.client = client;
    client.on('connect', () => void this.onConnected(client));
    client.on('message', (topic, payload, packet) => {
      if (
        topic.startsWith(topics.cmd(this.opts.kioskId, '')) &&
        topic !== topics.cmdResult(this.opts.kioskId)
      ) {
        void this.onCommand(client, topic, payload, packet.properties);
      } else {
        this.onMessage(topic, payload);
      }
    });
    client.on('error', (err) => this.setUplink({ lastError: this.opts.describeError?.(err) ?? err.message }));
    client.on('close', () => this.onClosed(client));
  }

  private async onConnected(client: MqttClient): Promise<void> {
    this.attempt = 0;
    // Small packets must not wait for Nagle: with several QoS 1 messages in flight, Nagle on one side
    // and delayed ACK on the other stall every window by ~40 ms.
    (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    try {
      // Subscriptions first, then the birth: nothing central says in reply can be missed.
      const subscriptions = [topics.ack(this.opts.kioskId), topics.ingestState];
      if (this.inbox) subscriptions.push(topics.cmd(this.opts.kioskId, '+'));
      await client.subscribeAsync(subscriptions, { qos: 1 });
      await this.opts.onConnected?.(client);
      await client.publishAsync(
        topics.status(this.opts.kioskId),
        JSON.stringify(this.statusPayload('online')),
        { qos: 1, retain: true },
      );
    } catch (err) {
      this.setUplink({ lastError: (err as Error).message });
      client.end(true);
      return;
    }
    this.setUplink({ connected: true });
    this.publishTelemetry();
    this.drain();
  }

  private onClosed(client: MqttClient): void {
    if (client !== this.client) return;
    this.txWindow.clear();
    if (this.uplinkState.connected) this.setUplink({ connected: false });
    if (this.closing) return;
    const delay = fullJitterDelay(
      this.attempt++,
      this.opts.reconnectBaseMs ?? 1_000,
      this.opts.reconnectCapMs ?? 60_000,
    );
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  private onMessage(topic: string, payload: Buffer): void {
    if (topic === topics.ingestState) {
      const state = ingestStateDecoder.decode(payload);
      if (!state.ok) return;
      this.setUplink({ ingestOnline: state.value.state === 'online' });
      this.drain();
      return;
    }
    if (topic === topics.ack(this.opts.kioskId)) {
      const decoded = ackDecoder.decode(payload);
      if (!decoded.ok) return;
      const done: string[] = [];
      for (const ack of decoded.value.acks) {
        this.txWindow.acked(ack.txId);
        if (ack.r === 'rejected') this.emit('rejected', ack.txId, ack.why ?? 'no reason given');
        done.push(ack.txId);
      }
      void this.opts.outbox
        .markAcked(done)
        .catch((err: Error) => this.setUplink({ lastError: `ack write: ${err.message}` }));
      this.drain();
    }
  }

  private async onCommand(
    client: MqttClient,
    topic: string,
    payload: Buffer,
    properties: { responseTopic?: string; correlationData?: Buffer } | undefined,
  ): Promise<void> {
    const reply = await this.inbox?.handle({
      topic,
      payload,
      responseTopic: properties?.responseTopic,
      correlationData: properties?.correlationData,
    });
    if (!reply || !client.connected) return;
    await client
      .publishAsync(reply.topic, JSON.stringify(reply.result), {
        qos: 1,
        ...(this.opts.protocolVersion === 5 && reply.correlationData
          ? { properties: { correlationData: reply.correlationData } }
          : {}),
      })
      .catch(() => {});
  }

  /** Central asked to sync now: forget the backoff, reconnect if down, and resend what is in flight. */
  syncNow(): { connected: boolean; pending: number } {
    this.txWindow.clear();
    if (!this.uplinkState.connected && !this.closing) {
      if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
      this.attempt = 0;
      void this.connect();
    } else {
      this.drain();
    }
    return { connected: this.uplinkState.connected, pending: this.opts.outbox.depth };
  }

  /** Drops the connection and connects afresh (a new session number, a new birth). */
  restartUplink(): void {
    this.client?.end(true);
  }

  private drain(): void {
    const client = this.client;
    if (!client || !this.uplinkState.connected || this.uplinkState.ingestOnline === false) return;
    this.txWindow.fill(client);
  }

  private publishTelemetry(): void {
    const client = this.client;
    if (!client || !this.uplinkState.connected) return;
    const devices = this.opts.telemetry?.();
    if (!devices) return;
    const payload = telemetryPayload(devices, this.opts.dataDir, this.opts.outbox, this.opts.version);
    // Retained, so a console that connects later sees the devices' health at once (shequ fleet ls).
    client.publish(topics.telemetry(this.opts.kioskId), JSON.stringify(payload), { qos: 0, retain: true });
  }

  /** Clean shutdown: say offline explicitly (a clean DISCONNECT suppresses the will), then disconnect. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.ackTimer) clearInterval(this.ackTimer);
    if (this.telemetryTimer) clearInterval(this.telemetryTimer);
    const client = this.client;
    if (!client) return;
    if (client.connected) {
      await Promise.race([
        client.publishAsync(
          topics.status(this.opts.kioskId),
          JSON.stringify(this.statusPayload('offline', 'shutdown')),
          { qos: 1, retain: true },
        ),
        new Promise((r) => setTimeout(r, 2_000)),
      ]).catch(() => {});
    }
    // A forced end drops the socket without DISCONNECT, and the broker then publishes the will
    // ("connection lost") over the "shutdown" status just sent; end cleanly, forcing only if the
    // broker does not answer.
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      client.endAsync(false).then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((r) => {
        timer = setTimeout(() => r(false), 2_000);
      }),
    ]);
    clearTimeout(timer);
    if (!ended) await client.endAsync(true).catch(() => {});
  }
}

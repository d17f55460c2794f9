/**
 * Central's side of data sharing on MQTT: every change goes out as its signed delta on the stream's
 * topics and as the stream's retained head; a kiosk's catch-up request is answered with the deltas
 * it missed, or with snapshot chunks when it is too far behind; what each kiosk reports applied is
 * recorded. Replies go only to the asking kiosk's own `share/res`, named by the topic, never the payload.
 */
import type { MqttClient } from 'mqtt';
import {
  type DatasetDelta,
  ShareReported,
  ShareRequest,
  type ShareResponse,
  type StreamRef,
  shareTopics,
} from '../../contract/sharing.ts';
import type { SigningKey } from '../../platform/bundle-signature.ts';
import { payloadDecoder } from '../../platform/mqtt-payload.ts';
import type { DatasetStore, StreamChange } from './dataset-store.ts';
import { buildSnapshot, type Snapshot } from './snapshot.ts';

const requestDecoder = payloadDecoder(ShareRequest, 'ShareRequest');
const reportedDecoder = payloadDecoder(ShareReported, 'ShareReported');

export interface SharingHubOptions {
  client: MqttClient;
  store: DatasetStore;
  key: SigningKey;
  districtId: string;
  siteOf: (kioskId: string) => Promise<string | undefined>;
  /** Further behind than this, a kiosk gets a snapshot instead of deltas. */
  maxDeltasPerAnswer?: number;
  chunkBytes?: number;
  /** How long reports gather before they are written together (default 50 ms). */
  reportFlushMs?: number;
  log?: (line: string) => void;
}

type ReportedStream = StreamRef & { version: number; hash: string };

const streamKey = (ref: StreamRef) => `${ref.dataset}/${ref.scope}/${ref.scopeId}`;

export class SharingHub {
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly maxDeltas: number;
  private readonly pendingReports = new Map<string, { streams: ReportedStream[]; at: number }>();
  private flushing: NodeJS.Timeout | null = null;
  private reporting: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly reportFlushMs: number;

  constructor(private readonly opts: SharingHubOptions) {
    this.maxDeltas = opts.maxDeltasPerAnswer ?? 200;
    this.reportFlushMs = opts.reportFlushMs ?? 50;
  }

  async start(): Promise<void> {
    const { client } = this.opts;
    client.on('message', (topic, payload) => {
      void this.onMessage(topic, payload).catch((err: Error) =>
        this.opts.log?.(`sharing: ${topic}: ${err.message}`),
      );
    });
    await client.subscribeAsync([shareTopics.allRequests, shareTopics.allReported], { qos: 1 });
    // A change committed while the broker was away went out to no one: send every head again.
    // (and subscribe again: a clean session forgets the subscriptions).
    client.on('connect', () => {
      void client
        .subscribeAsync([shareTopics.allRequests, shareTopics.allReported], { qos: 1 })
        .then(() => this.republishHeads())
        .catch((err: Error) => this.opts.log?.(`sharing: after reconnecting: ${err.message}`));
    });
  }

  async republishHeads(): Promise<void> {
    for (const ref of await this.opts.store.streams()) {
      const head = JSON.stringify(await this.opts.store.head(ref));
      await this.opts.client.publishAsync(this.topicsOf(ref)[1], head, { qos: 1, retain: true });
    }
  }

  /** Makes the change the stream's next version and sends it to every kiosk in its scope. */
  async change(ref: StreamRef, ops: StreamChange): Promise<DatasetDelta> {
    const delta = await this.opts.store.change(ref, ops);
    await this.publish(delta);
    return delta;
  }

  /**
   * Sends a committed delta, and the stream's head as it is now, to every kiosk in its scope. A
   * console route calls it once its transaction has committed; if two publish out of order, a
   * kiosk sees the gap and asks for what it missed.
   */
  async publish(delta: DatasetDelta): Promise<void> {
    const ref: StreamRef = { dataset: delta.dataset, scope: delta.scope, scopeId: delta.scopeId };
    const head = JSON.stringify(await this.opts.store.head(ref));
    const [deltaTopic, headTopic] = this.topicsOf(ref);
    await this.opts.client.publishAsync(deltaTopic, JSON.stringify(delta), { qos: 1 });
    await this.opts.client.publishAsync(headTopic, head, { qos: 1, retain: true });
  }

  /** For a route's `after`: publishes in the background, a failure logged (the kiosks catch up from the head later). */
  publishLater(delta: DatasetDelta): void {
    void this.publish(delta).catch((err: Error) =>
      this.opts.log?.(`sharing: version ${delta.version} of ${delta.dataset} not published: ${err.message}`),
    );
  }

  /** [delta topic, head topic] of the stream: one pair whatever the scope (a site's kiosks share theirs). */
  private topicsOf(ref: StreamRef): [string, string] {
    if (ref.scope === 'district')
      return [shareTopics.districtDelta(ref.dataset), shareTopics.districtHead(ref.dataset)];
    if (ref.scope === 'site')
      return [
        shareTopics.siteDelta(ref.scopeId, ref.dataset),
        shareTopics.siteHead(ref.scopeId, ref.dataset),
      ];
    return [
      shareTopics.kioskDelta(ref.scopeId, ref.dataset),
      shareTopics.kioskHead(ref.scopeId, ref.dataset),
    ];
  }

  private async onMessage(topic: string, payload: Buffer): Promise<void> {
    const [, , kioskId, , kind] = topic.split('/');
    if (!kioskId) return;
    if (kind === 'req') await this.answer(kioskId, payload);
    else if (kind === 'reported') await this.recordReported(kioskId, payload);
  }

  /** Why this kiosk may not read the stream, or undefined when it may. */
  private async forbidden(kioskId: string, ref: StreamRef): Promise<string | undefined> {
    if (ref.scope === 'district')
      return ref.scopeId === this.opts.districtId ? undefined : `not this district (${this.opts.districtId})`;
    if (ref.scope === 'kiosk') return ref.scopeId === kioskId ? undefined : 'another kiosk’s data';
    return (await this.opts.siteOf(kioskId)) === ref.scopeId ? undefined : 'another site’s data';
  }

  private async answer(kioskId: string, payload: Buffer): Promise<void> {
    const decoded = requestDecoder.decode(payload);
    const reply = (r: ShareResponse) =>
      this.opts.client.publishAsync(shareTopics.response(kioskId), JSON.stringify(r), { qos: 1 });
    if (!decoded.ok) {
      this.opts.log?.(`sharing: refused a request from ${kioskId}: ${decoded.problem}`);
      return;
    }
    const req = decoded.value;
    const ref: StreamRef = { dataset: req.dataset, scope: req.scope, scopeId: req.scopeId };
    const why = await this.forbidden(kioskId, ref);
    if (why) {
      await reply({ requestId: req.requestId, kind: 'refused', why: `${streamKey(ref)}: ${why}` });
      return;
    }
    // A first sync (nothing held yet) always takes the snapshot: one signed transfer instead of every version.
    if (req.want === 'deltas' && req.haveVersion > 0) {
      const deltas = await this.opts.store.deltasAfter(ref, req.haveVersion, this.maxDeltas + 1);
      const contiguous = deltas.length === 0 || deltas[0]!.version === req.haveVersion + 1;
      if (deltas.length <= this.maxDeltas && contiguous) {
        await reply({ requestId: req.requestId, kind: 'deltas', deltas });
        return;
      }
    }
    const snapshot = await this.snapshotOf(ref);
    const chunk = req.chunk ?? 0;
    if (chunk >= snapshot.chunks.length) {
      await reply({
        requestId: req.requestId,
        kind: 'refused',
        why: `no chunk ${chunk} of ${streamKey(ref)}`,
      });
      return;
    }
    await reply({
      requestId: req.requestId,
      kind: 'snapshot-chunk',
      manifest: snapshot.manifest,
      chunk,
      data: snapshot.chunks[chunk]!.toString('base64'),
    });
  }

  /** The snapshot of the stream's current version, built once per version. */
  private async snapshotOf(ref: StreamRef): Promise<Snapshot> {
    const head = await this.opts.store.head(ref);
    const cached = this.snapshots.get(streamKey(ref));
    if (cached && cached.manifest.version === head.version) return cached;
    const state = await this.opts.store.snapshot(ref);
    const built = buildSnapshot(ref, state, this.opts.key, Date.now(), this.opts.chunkBytes);
    this.snapshots.set(streamKey(ref), built);
    return built;
  }

  private async recordReported(kioskId: string, payload: Buffer): Promise<void> {
    if (payload.length === 0) return;
    const decoded = reportedDecoder.decode(payload);
    if (!decoded.ok) {
      this.opts.log?.(`sharing: ${kioskId} reported garbage: ${decoded.problem}`);
      return;
    }
    const allowed = [];
    for (const s of decoded.value.streams) if (!(await this.forbidden(kioskId, s))) allowed.push(s);
    this.pendingReports.set(kioskId, { streams: allowed, at: decoded.value.ts });
    this.flushReportsSoon();
  }

  /**
   * A change to a district's dataset brings a report from every kiosk within moments: they are
   * written together (one statement per flush, the newest report of each kiosk), not one
   * transaction per kiosk.
   */
  private flushReportsSoon(): void {
    if (this.flushing || this.closed) return;
    this.flushing = setTimeout(() => {
      void this.flushReports().finally(() => {
        this.flushing = null;
        if (this.pendingReports.size > 0) this.flushReportsSoon();
      });
    }, this.reportFlushMs);
  }

  private flushReports(): Promise<void> {
    const batch = [...this.pendingReports];
    this.pendingReports.clear();
    this.reporting = this.opts.store
      .recordReportedMany(batch.map(([kioskId, r]) => ({ kioskId, ...r })))
      .catch((err: Error) => this.opts.log?.(`sharing: reports not recorded: ${err.message}`));
    return this.reporting;
  }

  /** Writes the reports still gathered (none is lost on shutdown) and stops the flush timer. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.flushing) clearTimeout(this.flushing);
    await this.reporting;
    if (this.pendingReports.size > 0) await this.flushReports();
    this.flushing = null;
  }
}

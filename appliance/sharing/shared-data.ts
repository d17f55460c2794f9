/**
 * The kiosk's side of data shared down from central. Deltas are applied strictly in order (a gap
 * makes the kiosk ask for what it missed), only when central's pinned key signed them and the
 * content hash after applying matches; a kiosk far behind, or with content that drifted, takes a
 * chunked snapshot, resuming from the first chunk it lacks after a cut. After every applied version
 * (and every refusal, which names its problem) it reports, retained, what it holds.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { gunzipSync } from 'node:zlib';
import type { MqttClient } from 'mqtt';
import {
  DatasetDelta,
  DatasetHead,
  type DeltaOp,
  type ShareReported,
  type ShareRequest,
  ShareResponse,
  type SnapshotManifest,
  type StreamRef,
  shareTopics,
} from '../../contract/sharing.ts';
import type { TrustedKey } from '../../platform/bundle-signature.ts';
import { payloadDecoder } from '../../platform/mqtt-payload.ts';
import { Mutex } from '../../platform/mutex.ts';
import { contentHash, sha256Hex } from '../../platform/share-signing.ts';
import { type KioskScopes, messageProblem, opsProblem, scopeProblem } from './checks.ts';
import { LocalStreams, type StreamState, streamKey } from './local-streams.ts';

const deltaDecoder = payloadDecoder(DatasetDelta, 'DatasetDelta');
const headDecoder = payloadDecoder(DatasetHead, 'DatasetHead');
const responseDecoder = payloadDecoder(ShareResponse, 'ShareResponse');

export interface SharedDataOptions extends KioskScopes {
  dir: string;
  trustedKeys: readonly TrustedKey[];
  log: (level: 'info' | 'warn', message: string) => void;
  /** Puts a newly applied version into effect on the appliance, before it is reported as applied. */
  onApplied?: (state: StreamState) => Promise<void>;
  now?: () => number;
}

interface Assembly {
  manifest: SnapshotManifest;
  chunks: Buffer[];
}

export interface SharedDataEvents {
  refused: [string];
}

export class SharedData extends EventEmitter<SharedDataEvents> {
  readonly streams: LocalStreams;
  private client: MqttClient | null = null;
  private readonly mutex = new Mutex();
  /** Per stream: the request in flight (at most one, so a burst of gaps asks once). */
  private readonly pending = new Map<string, { requestId: string; ref: StreamRef }>();
  private readonly assemblies = new Map<string, Assembly>();
  private readonly refused: ShareReported['refused'] = [];
  private readonly now: () => number;

  constructor(private readonly opts: SharedDataOptions) {
    super();
    this.streams = new LocalStreams(opts.dir);
    this.now = opts.now ?? Date.now;
  }

  /** For the fleet agent's onConnected: subscribe, report, and resume what a cut interrupted. */
  readonly onConnected = async (client: MqttClient): Promise<void> => {
    if (this.client !== client) {
      client.on('message', (topic, payload) => {
        if (
          topic.startsWith('v1/share/') ||
          topic.startsWith(`v1/kiosks/${this.opts.kioskId}/share/`) ||
          (this.opts.siteId !== undefined && topic.startsWith(`v1/sites/${this.opts.siteId}/share/`))
        )
          void this.mutex.run(() => this.onMessage(topic, payload));
      });
    }
    this.client = client;
    this.pending.clear();
    await this.subscribe(client);
    for (const a of this.assemblies.values()) await this.askChunk(a.manifest, a.chunks.length);
    await this.report();
  };

  /**
   * One SUBSCRIBE for every filter. A broker that does not know this kiosk's site refuses the site's
   * filters alone (SUBACK 0x87) and grants the rest: that is logged, and the rest still serves.
   */
  private async subscribe(client: MqttClient): Promise<void> {
    const filters = shareTopics.kioskFilters(this.opts.kioskId, this.opts.siteId);
    try {
      await client.subscribeAsync(filters, { qos: 1 });
    } catch (err) {
      const granted = (err as { packet?: { granted?: unknown[] } }).packet?.granted;
      if (!Array.isArray(granted)) throw err;
      const refused = filters.filter(
        (_, i) => typeof granted[i] === 'number' && (granted[i] as number) >= 0x80,
      );
      this.opts.log('warn', `the broker refused ${refused.join(', ')}: is this kiosk's site known to it?`);
    }
  }

  private async onMessage(topic: string, payload: Buffer): Promise<void> {
    try {
      if (topic === shareTopics.response(this.opts.kioskId)) await this.onResponse(payload);
      else if (topic.endsWith('/delta')) await this.onDelta(topic, payload);
      else if (topic.endsWith('/head') && payload.length > 0) await this.onHead(topic, payload);
    } catch (err) {
      await this.refuse(topic, `could not apply: ${(err as Error).message}`);
    }
  }

  private async refuse(topic: string, why: string): Promise<void> {
    this.opts.log('warn', `refused ${topic}: ${why}`);
    this.refused.unshift({ topic, why, at: this.now() });
    this.refused.splice(20);
    this.emit('refused', why);
    await this.report();
  }

  private async onDelta(topic: string, payload: Buffer): Promise<void> {
    const decoded = deltaDecoder.decode(payload);
    if (!decoded.ok) return this.refuse(topic, decoded.problem);
    await this.applyDelta(topic, decoded.value);
  }

  private async applyDelta(topic: string | null, delta: DatasetDelta): Promise<void> {
    const where = topic ?? shareTopics.response(this.opts.kioskId);
    const problem =
      messageProblem(this.opts, this.opts.trustedKeys, topic, 'delta', delta) ??
      opsProblem(delta.dataset, delta.ops);
    if (problem) return this.refuse(where, `version ${delta.version} of ${delta.dataset}: ${problem}`);
    const have = this.streams.get(delta);
    if (delta.version <= have.version) return; // already applied: deltas are idempotent
    if (delta.version > have.version + 1) return this.ask(delta, have.version, 'deltas');
    const entries = applyOps(have.entries, delta.ops);
    const hash = contentHash(entries);
    if (hash !== delta.hash) {
      await this.refuse(
        where,
        `version ${delta.version} of ${delta.dataset}: content hash differs after applying`,
      );
      return this.ask(delta, have.version, 'snapshot');
    }
    await this.commit({ ...have, version: delta.version, hash, entries });
  }

  private async onHead(topic: string, payload: Buffer): Promise<void> {
    const decoded = headDecoder.decode(payload);
    if (!decoded.ok) return this.refuse(topic, decoded.problem);
    const head = decoded.value;
    const have = this.streams.get(head);
    // A head naming exactly what is held (after every delta it follows) asks for nothing: no check needed.
    if (
      head.version === have.version &&
      head.hash === have.hash &&
      scopeProblem(this.opts, head) === undefined
    )
      return;
    const problem = messageProblem(this.opts, this.opts.trustedKeys, topic, 'head', head);
    if (problem) return this.refuse(topic, `head of ${head.dataset}: ${problem}`);
    if (head.version > have.version) await this.ask(head, have.version, 'deltas');
    else if (head.version === have.version && head.hash !== have.hash) await this.ask(head, 0, 'snapshot');
  }

  private async onResponse(payload: Buffer): Promise<void> {
    const topic = shareTopics.response(this.opts.kioskId);
    const decoded = responseDecoder.decode(payload);
    if (!decoded.ok) return this.refuse(topic, decoded.problem);
    const res = decoded.value;
    const entry = [...this.pending.entries()].find(([, p]) => p.requestId === res.requestId);
    if (!entry) return; // not asked, or superseded by a newer request
    const [key, { ref }] = entry;
    this.pending.delete(key);
    if (res.kind === 'refused') return this.refuse(topic, `central refused: ${res.why}`);
    if (res.kind === 'deltas') {
      for (const d of res.deltas) {
        if (streamKey(d) !== key)
          return this.refuse(topic, `an answer for ${streamKey(ref)} carried ${streamKey(d)}`);
        await this.applyDelta(null, d);
      }
      return;
    }
    await this.onChunk(key, res.manifest, res.chunk, Buffer.from(res.data, 'base64'));
  }

  private async onChunk(key: string, manifest: SnapshotManifest, chunk: number, data: Buffer): Promise<void> {
    const topic = shareTopics.response(this.opts.kioskId);
    const problem = messageProblem(this.opts, this.opts.trustedKeys, null, 'manifest', manifest);
    if (problem || streamKey(manifest) !== key)
      return this.refuse(topic, `snapshot of ${manifest.dataset}: ${problem ?? 'not the stream asked for'}`);
    let assembly = this.assemblies.get(key);
    if (!assembly || assembly.manifest.gzipSha256 !== manifest.gzipSha256) {
      // A new version began while the transfer ran: start again from its first chunk.
      assembly = { manifest, chunks: [] };
      this.assemblies.set(key, assembly);
      if (chunk !== 0) return this.askChunk(manifest, 0);
    }
    if (chunk !== assembly.chunks.length) return this.askChunk(manifest, assembly.chunks.length);
    assembly.chunks.push(data);
    if (assembly.chunks.length < manifest.chunks) return this.askChunk(manifest, assembly.chunks.length);
    this.assemblies.delete(key);
    const gz = Buffer.concat(assembly.chunks);
    if (sha256Hex(gz) !== manifest.gzipSha256)
      return this.refuse(
        topic,
        `snapshot of ${manifest.dataset}: the chunks do not add up to the signed bytes`,
      );
    const entries = JSON.parse(gunzipSync(gz).toString('utf8')) as Record<string, unknown>;
    const ops: DeltaOp[] = Object.entries(entries).map(([k, value]) => ({ op: 'put', key: k, value }));
    const bad = opsProblem(manifest.dataset, ops);
    if (bad) return this.refuse(topic, `snapshot of ${manifest.dataset}: ${bad}`);
    if (contentHash(entries) !== manifest.hash)
      return this.refuse(topic, `snapshot of ${manifest.dataset}: content hash differs from the signed one`);
    const have = this.streams.get(manifest);
    if (manifest.version < have.version) return;
    await this.commit({ ...have, version: manifest.version, hash: manifest.hash, entries });
  }

  private async commit(state: StreamState): Promise<void> {
    await this.streams.put(state);
    this.opts.log('info', `${state.scope} ${state.dataset} now at version ${state.version}`);
    await this.opts.onApplied?.(state);
    await this.report();
  }

  private async ask(ref: StreamRef, haveVersion: number, want: ShareRequest['want']): Promise<void> {
    await this.send({ ...pick(ref), haveVersion, want });
  }

  private askChunk(manifest: SnapshotManifest, chunk: number): Promise<void> {
    return this.send({ ...pick(manifest), haveVersion: 0, want: 'snapshot', chunk });
  }

  private async send(req: Omit<ShareRequest, 'requestId'>): Promise<void> {
    const key = streamKey(req);
    if (!this.client?.connected) return;
    if (this.pending.has(key) && req.want === 'deltas') return;
    const requestId = randomBytes(8).toString('hex');
    this.pending.set(key, { requestId, ref: pick(req) });
    await this.client.publishAsync(
      shareTopics.request(this.opts.kioskId),
      JSON.stringify({ requestId, ...req }),
      {
        qos: 1,
      },
    );
  }

  private async report(): Promise<void> {
    if (!this.client?.connected) return;
    const reported: ShareReported = {
      ts: this.now(),
      streams: this.streams.all().map((s) => ({ ...pick(s), version: s.version, hash: s.hash })),
      refused: this.refused,
    };
    await this.client.publishAsync(shareTopics.reported(this.opts.kioskId), JSON.stringify(reported), {
      qos: 1,
      retain: true,
    });
  }
}

const pick = (ref: StreamRef): StreamRef => ({
  dataset: ref.dataset,
  scope: ref.scope,
  scopeId: ref.scopeId,
});

function applyOps(entries: Record<string, unknown>, ops: readonly DeltaOp[]): Record<string, unknown> {
  const next = { ...entries };
  for (const op of ops) {
    if (op.op === 'put') next[op.key] = op.value;
    else delete next[op.key];
  }
  return next;
}

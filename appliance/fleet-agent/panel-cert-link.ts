/**
 * Keeps the staff panel's HTTPS certificate from the district CA (contract/panel-cert.ts): once a
 * third of its lifetime is left (or when there is none, or central sends `renew-panel-cert`) it
 * makes a new panel key, asks on the kiosk's own topic, checks the answer (this kiosk, the pinned
 * device CA, this key, serverAuth, in date), keeps it durably and swaps it into the HTTPS listener
 * without closing what is open. Health says how things stand.
 */
import { randomBytes } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import type { DeviceHealth } from '../../contract/api.ts';
import { PanelCertResponse, panelCertTopics } from '../../contract/panel-cert.ts';
import { payloadDecoder } from '../../platform/mqtt-payload.ts';
import {
  describePanelCert,
  makePanelAsk,
  panelCertProblem,
  type StoredPanelCert,
  savePanelCert,
} from '../../provisioning/identity/panel-cert.ts';
import { panelCertOk, panelCertWarning } from '../http/panel-tls.ts';

const responseDecoder = payloadDecoder(PanelCertResponse, 'PanelCertResponse');
const HOUR = 3_600_000;

export interface PanelCertLinkOptions {
  kioskId: string;
  dataDir: string;
  /** The device CA pinned at enrolment. */
  caPem: string;
  names: string[];
  /** The district certificate served now, if any. */
  current: StoredPanelCert | null;
  health: DeviceHealth;
  swap(tls: { cert: string; key: string }): void;
  log(level: 'info' | 'warn', line: string): void;
  answerTimeoutMs?: number;
  checkEveryMs?: number;
}

interface Waiting {
  keyPem: string;
  resolve(stored: StoredPanelCert): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export class PanelCertLink {
  private client: MqttClient | null = null;
  private current: StoredPanelCert | null;
  private healthNow: DeviceHealth;
  private readonly waiting = new Map<string, Waiting>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly opts: PanelCertLinkOptions) {
    this.current = opts.current;
    this.healthNow = opts.health;
    this.timer = setInterval(() => this.renewIfDue(), opts.checkEveryMs ?? HOUR);
    this.timer.unref();
  }

  health(): DeviceHealth {
    if (this.current && this.current.notAfter <= Date.now()) {
      return {
        state: 'fault',
        detail: `the panel certificate expired on ${new Date(this.current.notAfter).toISOString()}`,
        since: this.current.notAfter,
      };
    }
    return this.healthNow;
  }

  /** Due when there is no district certificate, or a third of its lifetime (or less) is left. */
  isDue(now = Date.now()): boolean {
    if (!this.current) return true;
    return this.current.notAfter - now < (this.current.notAfter - this.current.notBefore) / 3;
  }

  /** Clients this link listens on: the agent calls onConnected on every reconnect of the same one. */
  private readonly wired = new WeakSet<MqttClient>();

  readonly onConnected = async (client: MqttClient): Promise<void> => {
    this.client = client;
    if (!this.wired.has(client)) {
      this.wired.add(client);
      client.on('message', (topic, payload) => {
        if (topic === panelCertTopics.response(this.opts.kioskId)) void this.onAnswer(payload);
      });
      client.on('close', () => {
        if (this.client === client) this.client = null;
      });
    }
    await client.subscribeAsync(panelCertTopics.response(this.opts.kioskId), { qos: 1 });
    setImmediate(() => this.renewIfDue());
  };

  private renewIfDue(): void {
    if (!this.client?.connected || !this.isDue() || this.waiting.size > 0) return;
    this.renew().catch((err: Error) => {
      this.opts.log('warn', `panel certificate renewal failed: ${err.message}`);
    });
  }

  /** Asks for a new certificate now (also the `renew-panel-cert` command). */
  async renew(): Promise<StoredPanelCert> {
    const client = this.client;
    if (!client?.connected) throw new Error('no uplink to the district CA');
    const { ask, keyPem } = await makePanelAsk(this.opts.kioskId, this.opts.names);
    const requestId = randomBytes(16).toString('hex');
    const answered = new Promise<StoredPanelCert>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(requestId);
        reject(new Error('no answer from the district CA in time'));
      }, this.opts.answerTimeoutMs ?? 20_000);
      timer.unref();
      this.waiting.set(requestId, { keyPem, resolve, reject, timer });
    });
    await client.publishAsync(
      panelCertTopics.request(this.opts.kioskId),
      JSON.stringify({ requestId, ...ask }),
      { qos: 1 },
    );
    return answered;
  }

  private async onAnswer(payload: Buffer): Promise<void> {
    const decoded = responseDecoder.decode(payload);
    if (!decoded.ok) return;
    const answer = decoded.value;
    const waiting = this.waiting.get(answer.requestId);
    if (!waiting) return;
    this.waiting.delete(answer.requestId);
    clearTimeout(waiting.timer);
    if (answer.status === 'refused') {
      this.noteProblem(`the district CA refused: ${answer.detail}`);
      waiting.reject(new Error(`the district CA refused the panel certificate: ${answer.detail}`));
      return;
    }
    const problem = await panelCertProblem(
      answer.certificate,
      waiting.keyPem,
      this.opts.caPem,
      this.opts.kioskId,
    );
    if (problem) {
      this.noteProblem(`a certificate central sent was refused: ${problem}`);
      waiting.reject(new Error(`panel certificate refused: ${problem}`));
      return;
    }
    const stored = describePanelCert(answer.certificate, waiting.keyPem, this.opts.names);
    try {
      await savePanelCert(this.opts.dataDir, stored);
    } catch (err) {
      waiting.reject(err as Error);
      return;
    }
    this.opts.swap({ cert: stored.certPem, key: stored.keyPem });
    this.current = stored;
    this.healthNow = panelCertOk(stored.notAfter);
    this.opts.log(
      'info',
      `staff panel certificate renewed, valid until ${new Date(stored.notAfter).toISOString()}`,
    );
    waiting.resolve(stored);
  }

  /** A failed renewal leaves a valid certificate in service; health warns only when it matters. */
  private noteProblem(why: string): void {
    if (!this.current) this.healthNow = panelCertWarning(why);
    else
      this.healthNow = {
        state: 'warning',
        detail: `renewal due (valid until ${new Date(this.current.notAfter).toISOString()}): ${why}`,
        since: Date.now(),
      };
  }

  close(): void {
    clearInterval(this.timer);
    for (const [id, w] of this.waiting) {
      clearTimeout(w.timer);
      w.reject(new Error('closing'));
      this.waiting.delete(id);
    }
  }
}

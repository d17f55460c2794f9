/**
 * SMPP 3.4 to the operator's SMSC over one bind_transceiver: windowed submit_sm (at most `window`
 * without a response), deliver_sm for receipts and replies (acked only after they are stored),
 * enquire_link both ways, reconnect with capped, jittered backoff. A part whose submit_sm_resp has
 * not arrived when the connection drops goes out again after the rebind; a part whose response
 * arrived is never sent again. SMPP has no idempotency key, so the one window where a duplicate is
 * possible is an SMSC that accepted a part and lost the connection before its response left.
 */
import smpp from 'smpp';
import {
  type GatewayHandlers,
  type OutboundSms,
  PermanentSendError,
  type SmsGateway,
  type SubmitOutcome,
} from '../gateway.ts';
import { maskPhone } from '../phone.ts';
import { parseReceipt } from '../receipt.ts';
import { DATA_CODING_UCS2, ESM_CLASS_UDHI, encodeParts, type SmsPart } from '../segments.ts';
import { isTransientStatus, SMPP_STATUS, statusName } from './status.ts';

export interface SmppGatewayOptions {
  host: string;
  port: number;
  systemId: string;
  password: string;
  systemType?: string;
  /** The service number messages come from (the operator assigns it, e.g. 106…). */
  sourceAddr: string;
  /** submit_sm PDUs outstanding at once. */
  window?: number;
  enquireLinkMs?: number;
  responseTimeoutMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** First pause after ESME_RTHROTTLED; doubles while the SMSC keeps throttling. */
  throttleBackoffMs?: number;
  /** Global cap on submits per second through this bind (the operator's contracted rate); 0 = none. */
  submitsPerSecond?: number;
  /** A part still unsent after this long fails its send as transient (the job queue retries). */
  sendTimeoutMs?: number;
  log?: (line: string) => void;
}

class TransientSendError extends Error {
  readonly code = 'NOTIFY_TRANSIENT';
}

interface PendingPart {
  sms: OutboundSms;
  part: SmsPart;
  deadline: number;
  sentAt?: number;
  respTimer?: NodeJS.Timeout;
  resolve(id: string): void;
  reject(err: Error): void;
}

type State = 'idle' | 'connecting' | 'binding' | 'bound' | 'closed';

export class SmppGateway implements SmsGateway {
  readonly name = 'smpp';
  readonly stats = { binds: 0, bindFailures: 0, drops: 0, resubmitted: 0, throttled: 0 };
  private readonly o: Required<Omit<SmppGatewayOptions, 'systemType'>> & { systemType: string };
  private state: State = 'idle';
  private session: smpp.Session | undefined;
  private handlers: GatewayHandlers | undefined;
  private readonly queue: PendingPart[] = [];
  private readonly inflight = new Map<number, PendingPart>();
  private reference = Math.floor(Math.random() * 256);
  private attempts = 0;
  private throttleMs = 0;
  private throttledUntil = 0;
  private tokens = 0;
  private tokensAt = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private pumpTimer: NodeJS.Timeout | undefined;
  private boundWaiters: Array<() => void> = [];
  /** One log line per outage, not one per reconnect attempt. */
  private outageLogged = false;
  /** Why the gateway is not bound, while it is not. */
  problem: string | undefined;

  constructor(options: SmppGatewayOptions) {
    this.o = {
      window: 10,
      enquireLinkMs: 30_000,
      responseTimeoutMs: 10_000,
      reconnectMinMs: 250,
      reconnectMaxMs: 30_000,
      throttleBackoffMs: 500,
      submitsPerSecond: 0,
      sendTimeoutMs: 60_000,
      log: () => {},
      systemType: '',
      ...options,
    };
  }

  get bound(): boolean {
    return this.state === 'bound';
  }

  async start(handlers: GatewayHandlers): Promise<void> {
    this.handlers = handlers;
    this.connect();
  }

  /** Resolves at the next successful bind (tests and `notify test-send` wait on it). */
  whenBound(): Promise<void> {
    if (this.state === 'bound') return Promise.resolve();
    return new Promise((resolve) => this.boundWaiters.push(resolve));
  }

  send(sms: OutboundSms): Promise<SubmitOutcome> {
    if (this.state === 'closed') return Promise.reject(new TransientSendError('SMPP gateway closed'));
    this.reference = (this.reference + 1) & 0xff;
    const parts = encodeParts(sms.text, this.reference);
    const deadline = Date.now() + this.o.sendTimeoutMs;
    const ids = parts.map(
      (part) =>
        new Promise<string>((resolve, reject) => {
          this.queue.push({ sms, part, deadline, resolve, reject });
        }),
    );
    this.pump();
    return Promise.all(ids).then((gatewayIds) => ({ gatewayIds }));
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const wasBound = this.state === 'bound';
    this.state = 'closed';
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    clearTimeout(this.pumpTimer);
    for (const p of this.queue.splice(0)) p.reject(new TransientSendError('SMPP gateway closed'));
    const session = this.session;
    if (!session) return;
    if (wasBound) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.o.responseTimeoutMs);
        session.unbind({}, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    await new Promise<void>((resolve) => {
      if (session.socket.destroyed) return resolve();
      session.socket.once('close', () => resolve());
      session.close();
      setTimeout(() => session.destroy(), 1000).unref();
    });
    for (const p of this.inflight.values()) p.reject(new TransientSendError('SMPP gateway closed'));
    this.inflight.clear();
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private connect(): void {
    if (this.state === 'closed') return;
    this.state = 'connecting';
    const session = smpp.connect({ host: this.o.host, port: this.o.port });
    this.session = session;
    let enquireTimer: NodeJS.Timeout | undefined;
    session.on('connect', () => {
      this.state = 'binding';
      session.bind_transceiver(
        {
          system_id: this.o.systemId,
          password: this.o.password,
          system_type: this.o.systemType,
          interface_version: 0x34,
        },
        (pdu) => {
          if (pdu.command_status !== SMPP_STATUS.ROK) {
            this.stats.bindFailures++;
            this.problem = `the SMSC refused the bind (${statusName(pdu.command_status)})`;
            if (!this.outageLogged) this.o.log(`smpp: ${this.problem}; retrying with backoff`);
            this.outageLogged = true;
            session.destroy();
            return;
          }
          this.state = 'bound';
          this.stats.binds++;
          this.attempts = 0;
          this.outageLogged = false;
          this.problem = undefined;
          this.o.log(`smpp bound to ${this.o.host}:${this.o.port} as ${this.o.systemId}`);
          enquireTimer = setInterval(() => this.enquire(session), this.o.enquireLinkMs);
          for (const w of this.boundWaiters.splice(0)) w();
          this.pump();
        },
      );
    });
    session.on('deliver_sm', (pdu) => void this.onDeliver(session, pdu));
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => {
      this.o.log('smpp: the SMSC unbound; reconnecting');
      session.send(pdu.response());
      session.close();
    });
    session.on('error', (err: Error) => {
      this.problem ??= `SMSC unreachable (${err.message})`;
      if (this.outageLogged) return;
      this.outageLogged = true;
      this.o.log(`smpp connection error: ${err.message}; reconnecting with backoff`);
    });
    session.on('close', () => {
      clearInterval(enquireTimer);
      if (this.session !== session) return;
      this.session = undefined;
      this.requeueInflight();
      if (this.state === 'closed') return;
      this.state = 'idle';
      const delay = Math.min(this.o.reconnectMaxMs, this.o.reconnectMinMs * 2 ** this.attempts);
      this.attempts = Math.min(this.attempts + 1, 16);
      this.later(delay / 2 + (Math.random() * delay) / 2, () => this.connect());
    });
  }

  private requeueInflight(): void {
    if (this.inflight.size === 0) return;
    this.stats.drops++;
    const unanswered = [...this.inflight.values()];
    for (const p of unanswered) clearTimeout(p.respTimer);
    this.inflight.clear();
    this.stats.resubmitted += unanswered.length;
    this.queue.unshift(...unanswered);
  }

  private enquire(session: smpp.Session): void {
    const timer = setTimeout(() => {
      this.o.log('smpp: enquire_link unanswered; dropping the connection');
      session.destroy();
    }, this.o.responseTimeoutMs);
    session.enquire_link({}, () => clearTimeout(timer));
  }

  private takeToken(now: number): number {
    const rate = this.o.submitsPerSecond;
    if (rate <= 0) return 0;
    this.tokens = Math.min(rate, this.tokens + ((now - this.tokensAt) / 1000) * rate);
    this.tokensAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / rate) * 1000);
  }

  private schedulePump(ms: number): void {
    clearTimeout(this.pumpTimer);
    this.pumpTimer = setTimeout(() => this.pump(), ms);
  }

  private pump(): void {
    const now = Date.now();
    while (this.queue.length > 0 && this.queue[0]!.deadline < now) {
      const p = this.queue.shift()!;
      p.reject(new TransientSendError(`not submitted within ${this.o.sendTimeoutMs} ms (SMSC unreachable)`));
    }
    // Come back to expire what waits too long, whether or not the link is up now.
    if (this.queue.length > 0)
      this.schedulePump(Math.max(10, Math.min(1000, this.queue[0]!.deadline - now + 1)));
    while (
      this.state === 'bound' &&
      this.session &&
      this.inflight.size < this.o.window &&
      this.queue.length
    ) {
      if (this.throttledUntil > now) {
        this.schedulePump(this.throttledUntil - now);
        return;
      }
      const wait = this.takeToken(now);
      if (wait > 0) {
        this.schedulePump(wait);
        return;
      }
      if (!this.submit(this.session, this.queue.shift()!)) return;
    }
  }

  /** False when the socket no longer takes writes (it is closing; the rebind pumps again). */
  private submit(session: smpp.Session, p: PendingPart): boolean {
    const pdu = new smpp.PDU('submit_sm', {
      source_addr_ton: 0,
      source_addr_npi: 1,
      source_addr: this.o.sourceAddr,
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: `86${p.sms.to}`,
      esm_class: p.part.udh ? ESM_CLASS_UDHI : 0,
      registered_delivery: 1,
      data_coding: DATA_CODING_UCS2,
      short_message: p.part.shortMessage,
    });
    const sent = session.send(pdu, (resp) => this.onSubmitResp(session, pdu.sequence_number, resp));
    if (!sent) {
      this.queue.unshift(p);
      return false;
    }
    p.sentAt = Date.now();
    this.inflight.set(pdu.sequence_number, p);
    p.respTimer = setTimeout(() => {
      this.o.log('smpp: submit_sm unanswered; dropping the connection');
      session.destroy();
    }, this.o.responseTimeoutMs);
    p.respTimer.unref();
    return true;
  }

  private onSubmitResp(session: smpp.Session, seq: number, resp: smpp.PDU): void {
    const p = this.inflight.get(seq);
    if (!p || this.session !== session) return;
    clearTimeout(p.respTimer);
    this.inflight.delete(seq);
    const status = resp.command_status;
    if (status === SMPP_STATUS.ROK) {
      this.throttleMs = 0;
      p.resolve(String(resp.message_id));
    } else if (isTransientStatus(status)) {
      this.stats.throttled++;
      this.throttleMs = Math.min(30_000, this.throttleMs ? this.throttleMs * 2 : this.o.throttleBackoffMs);
      this.throttledUntil = Date.now() + this.throttleMs;
      this.o.log(`smpp ${statusName(status)} for ${maskPhone(p.sms.to)}; pausing ${this.throttleMs} ms`);
      this.queue.unshift(p);
    } else {
      this.o.log(`smpp refused ${p.sms.messageId} to ${maskPhone(p.sms.to)}: ${statusName(status)}`);
      p.reject(
        new PermanentSendError(statusName(status), `the SMSC refused the message: ${statusName(status)}`),
      );
    }
    this.pump();
  }

  private async onDeliver(session: smpp.Session, pdu: smpp.PDU): Promise<void> {
    const handlers = this.handlers;
    const message = pdu.short_message as { message?: string | Buffer } | undefined;
    const text =
      typeof message?.message === 'string' ? message.message : (message?.message?.toString('latin1') ?? '');
    try {
      // Bits 2–5 of esm_class give the message type; 0x04 is an SMSC delivery receipt.
      if ((Number(pdu.esm_class) & 0x3c) === 0x04) {
        const receipt = parseReceipt(text, {
          receiptedMessageId:
            typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id : undefined,
          messageState: typeof pdu.message_state === 'number' ? pdu.message_state : undefined,
        });
        if (receipt && handlers) await handlers.onReceipt(receipt);
      } else if (handlers) {
        const from = String(pdu.source_addr ?? '');
        await handlers.onInbound({ from, text });
      }
      session.send(pdu.response());
    } catch (err) {
      this.o.log(`smpp: could not store a deliver_sm (${(err as Error).message}); the SMSC will redeliver`);
      session.send(pdu.response({ command_status: SMPP_STATUS.RX_T_APPN }));
    }
  }
}

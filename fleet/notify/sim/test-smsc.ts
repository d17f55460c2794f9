/**
 * A test SMSC on 127.0.0.1, built on the `smpp` package's server side, standing in for the
 * operator's gateway in tests, benchmarks and the demo (`shequ notify smsc`): bind_transceiver
 * with credentials, submit_sm with message ids, delivery receipts as deliver_sm (queued while no
 * ESME is bound, sent again until acked), mobile-originated replies, enquire_link, unbind, and the
 * faults a real one has: throttling, refused numbers, a connection dropped mid-window, being down.
 */
import type { AddressInfo } from 'node:net';
import smpp from 'smpp';
import { type ReceiptStat, receiptText } from '../receipt.ts';
import { DATA_CODING_UCS2 } from '../segments.ts';
import { SMPP_STATUS } from '../smpp/status.ts';

export interface AcceptedPart {
  smscId: string;
  dest: string;
  source: string;
  text: string;
  ref?: number;
  total: number;
  seq: number;
  at: number;
}

export interface ReassembledMessage {
  dest: string;
  text: string;
  smscIds: string[];
}

export interface TestSmscOptions {
  systemId?: string;
  password?: string;
  port?: number;
  /** Delay before a part's delivery receipt goes out. */
  receiptDelayMs?: number;
  /** Delay before each submit_sm_resp, so a client's window fills (measured in maxOutstanding). */
  responseDelayMs?: number;
  /** Called for every part accepted (the demo SMSC logs it, masked). */
  onAccepted?: (part: AcceptedPart) => void;
}

interface QueuedDeliver {
  options: Record<string, unknown>;
  onAck?: () => void;
}

const MOBILE_DEST = /^(86)?1[3-9]\d{9}$/;

export class TestSmsc {
  readonly accepted: AcceptedPart[] = [];
  readonly counts = { binds: 0, bindFailures: 0, enquireLinks: 0, unbinds: 0, receiptsAcked: 0, dropped: 0 };
  /** Most submit_sm seen at once without an answer yet. */
  maxOutstanding = 0;
  private outstanding = 0;
  private readonly server: smpp.Server;
  private readonly bound = new Set<smpp.Session>();
  private readonly pendingDelivers: QueuedDeliver[] = [];
  /** deliver_sm sent but not yet acked, per session: sent again elsewhere if that session dies. */
  private readonly unacked = new Map<smpp.Session, Set<QueuedDeliver>>();
  private readonly outcomes = new Map<string, ReceiptStat>();
  private readonly refused = new Set<string>();
  private nextId = 0x10000;
  private throttleLeft = 0;
  private dropAfter: number | undefined;
  private listening = false;
  port = 0;

  constructor(
    private readonly o: Required<Omit<TestSmscOptions, 'onAccepted'>> & Pick<TestSmscOptions, 'onAccepted'>,
  ) {
    this.server = smpp.createServer((session) => this.onSession(session));
  }

  get url(): string {
    return `smpp://${this.o.systemId}:${this.o.password}@127.0.0.1:${this.port}`;
  }

  /** Receipts for this destination (11 digits) report `stat` instead of DELIVRD. */
  setOutcome(dest: string, stat: ReceiptStat): void {
    this.outcomes.set(dest, stat);
  }

  /** submit_sm to this destination (11 digits) is answered ESME_RINVDSTADR (no such subscriber). */
  refuse(dest: string): void {
    this.refused.add(dest);
  }

  /** The next `n` submit_sm are answered ESME_RTHROTTLED. */
  throttle(n: number): void {
    this.throttleLeft = n;
  }

  /** After accepting `n` more parts, the next submit_sm kills the connection without an answer. */
  dropConnectionAfter(n: number): void {
    this.dropAfter = n;
  }

  /** Whole messages as a handset would show them, concatenated parts joined in order. */
  messages(): ReassembledMessage[] {
    const out: ReassembledMessage[] = [];
    const groups = new Map<string, AcceptedPart[]>();
    for (const part of this.accepted) {
      if (part.total === 1) {
        out.push({ dest: part.dest, text: part.text, smscIds: [part.smscId] });
        continue;
      }
      const key = `${part.dest}|${part.ref}|${part.total}`;
      const group = groups.get(key) ?? [];
      group.push(part);
      groups.set(key, group);
      if (group.length === part.total) {
        group.sort((a, b) => a.seq - b.seq);
        out.push({
          dest: part.dest,
          text: group.map((g) => g.text).join(''),
          smscIds: group.map((g) => g.smscId),
        });
        groups.delete(key);
      }
    }
    return out;
  }

  /** A resident's reply (e.g. 'TD') from `from` to the service number; resolves when the ESME acks it. */
  sendMo(from: string, text: string, to = '106900000001'): Promise<void> {
    return new Promise((resolve) => {
      this.deliver(
        {
          source_addr_ton: 1,
          source_addr_npi: 1,
          source_addr: from,
          destination_addr: to,
          esm_class: 0,
          data_coding: DATA_CODING_UCS2,
          short_message: Buffer.from(text, 'utf16le').swap16(),
        },
        resolve,
      );
    });
  }

  /** The SMSC ends every session with unbind (as at a maintenance window). */
  unbindAll(): void {
    for (const s of this.bound) s.unbind({});
  }

  /** Stops listening and cuts every connection: the SMSC is down. */
  async down(): Promise<void> {
    for (const s of this.server.sessions) s.destroy();
    this.bound.clear();
    if (!this.listening) return;
    this.listening = false;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async up(): Promise<void> {
    if (this.listening) return;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.listening = true;
    this.port = (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return this.down();
  }

  private onSession(session: smpp.Session): void {
    session.on('error', () => {});
    session.on('close', () => {
      this.bound.delete(session);
      const lost = this.unacked.get(session);
      this.unacked.delete(session);
      if (lost?.size) {
        this.pendingDelivers.unshift(...lost);
        this.flushDelivers();
      }
    });
    session.on('bind_transceiver', (pdu) => {
      if (pdu.system_id !== this.o.systemId || pdu.password !== this.o.password) {
        this.counts.bindFailures++;
        session.send(pdu.response({ command_status: SMPP_STATUS.RINVPASWD }));
        session.close();
        return;
      }
      this.counts.binds++;
      session.send(pdu.response({ system_id: 'TESTSMSC' }));
      this.bound.add(session);
      this.flushDelivers();
    });
    session.on('submit_sm', (pdu) => this.onSubmit(session, pdu));
    session.on('enquire_link', (pdu) => {
      this.counts.enquireLinks++;
      session.send(pdu.response());
    });
    session.on('unbind', (pdu) => {
      this.counts.unbinds++;
      this.bound.delete(session);
      session.send(pdu.response());
      session.close();
    });
  }

  private onSubmit(session: smpp.Session, pdu: smpp.PDU): void {
    if (!this.bound.has(session)) {
      session.send(pdu.response({ command_status: SMPP_STATUS.RINVBNDSTS }));
      return;
    }
    if (this.dropAfter !== undefined && this.dropAfter-- <= 0) {
      this.dropAfter = undefined;
      this.counts.dropped++;
      this.bound.delete(session);
      session.destroy();
      return;
    }
    if (this.throttleLeft > 0) {
      this.throttleLeft--;
      session.send(pdu.response({ command_status: SMPP_STATUS.RTHROTTLED }));
      return;
    }
    const rawDest = String(pdu.destination_addr);
    if (!MOBILE_DEST.test(rawDest) || this.refused.has(rawDest.slice(-11))) {
      session.send(pdu.response({ command_status: SMPP_STATUS.RINVDSTADR }));
      return;
    }
    const dest = rawDest.slice(-11);
    const sm = pdu.short_message as { udh?: Buffer[]; message: string };
    const concat = sm.udh?.find((u) => u[0] === 0x00);
    const smscId = (this.nextId++).toString(16).toUpperCase();
    const at = Date.now();
    const part: AcceptedPart = {
      smscId,
      dest,
      source: String(pdu.source_addr),
      text: sm.message,
      ...(concat ? { ref: concat[2]!, total: concat[3]!, seq: concat[4]! } : { total: 1, seq: 1 }),
      at,
    };
    this.accepted.push(part);
    this.o.onAccepted?.(part);
    this.respond(session, pdu.response({ message_id: smscId }));
    if (Number(pdu.registered_delivery) & 0x01) {
      const stat = this.outcomes.get(dest) ?? 'DELIVRD';
      const options = {
        source_addr: rawDest,
        destination_addr: String(pdu.source_addr),
        esm_class: 0x04,
        short_message: receiptText({
          smscId,
          stat,
          err: stat === 'DELIVRD' ? '000' : '001',
          submittedAt: at,
          doneAt: at,
        }),
        receipted_message_id: smscId,
        message_state: (
          { DELIVRD: 2, EXPIRED: 3, DELETED: 4, UNDELIV: 5, ACCEPTD: 6, UNKNOWN: 7, REJECTD: 8 } as const
        )[stat as 'DELIVRD'],
      };
      const emit = () => this.deliver(options, () => this.counts.receiptsAcked++);
      if (this.o.receiptDelayMs > 0) setTimeout(emit, this.o.receiptDelayMs).unref();
      else setImmediate(emit);
    }
  }

  private respond(session: smpp.Session, resp: smpp.PDU): void {
    if (this.o.responseDelayMs <= 0) {
      session.send(resp);
      return;
    }
    this.outstanding++;
    this.maxOutstanding = Math.max(this.maxOutstanding, this.outstanding);
    setTimeout(() => {
      this.outstanding--;
      session.send(resp);
    }, this.o.responseDelayMs).unref();
  }

  private deliver(options: Record<string, unknown>, onAck?: () => void): void {
    this.pendingDelivers.push({ options, ...(onAck ? { onAck } : {}) });
    this.flushDelivers();
  }

  private flushDelivers(): void {
    const session = [...this.bound][0];
    if (!session) return;
    const unacked = this.unacked.get(session) ?? new Set<QueuedDeliver>();
    this.unacked.set(session, unacked);
    for (const item of this.pendingDelivers.splice(0)) {
      unacked.add(item);
      const ok = session.deliver_sm({ ...item.options }, (resp) => {
        unacked.delete(item);
        if (resp.command_status === SMPP_STATUS.ROK) item.onAck?.();
        else setTimeout(() => this.deliver(item.options, item.onAck), 200).unref();
      });
      if (!ok) {
        unacked.delete(item);
        this.pendingDelivers.push(item);
      }
    }
  }
}

export async function startTestSmsc(options: TestSmscOptions = {}): Promise<TestSmsc> {
  const smsc = new TestSmsc({
    systemId: 'shequ',
    password: 'test-pw',
    port: 0,
    receiptDelayMs: 0,
    responseDelayMs: 0,
    ...options,
  });
  smsc.port = options.port ?? 0;
  await smsc.up();
  return smsc;
}

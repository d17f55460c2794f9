/**
 * A simulated district: centres issuing tickets, calling them, accepting cases that go through
 * 补正, completion or refusal and supervision levels, and residents rating the service — as the
 * transactions a kiosk sends (the same body shapes as appliance/queue, appliance/cases). Seeded,
 * so a test or a benchmark gets the same stream every run. No personal data: applicant
 * references are random hex like the kiosk's keyed hashes.
 */
import { monotonicFactory } from 'ulid';
import type { TxEnvelope } from '../../contract/mqtt.ts';
import { type Pending, simCase } from './sim-case.ts';

export interface DistrictOptions {
  centres: number;
  /** First day, 'YYYY-MM-DD'. */
  from: string;
  days: number;
  ticketsPerDay: number;
  seed?: number;
}

export const SIM_SERVICES = [
  { id: 'social-security', prefix: 'A', items: [{ id: 'ss-card', legal: 20, promised: 5 }] },
  { id: 'assistance', prefix: 'B', items: [{ id: 'dibao', legal: 30, promised: 15 }] },
  { id: 'elderly-care', prefix: 'C', items: [{ id: 'elderly-allowance', legal: 20, promised: 10 }] },
  { id: 'residence', prefix: 'D', items: [{ id: 'residence-permit', legal: 15, promised: 7 }] },
  { id: 'consult', prefix: 'E', items: [] },
] as const;

const CLERKS = ['clerk1', 'clerk2', 'clerk3'];

/** mulberry32: small, fast and good enough to pick shapes. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const addDays = (d: string, n: number): string => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};
const weekday = (d: string): number => new Date(`${d}T00:00:00Z`).getUTCDay();
const isWorkday = (d: string): boolean => weekday(d) !== 0 && weekday(d) !== 6;
function addWorkdays(d: string, n: number): string {
  let day = d;
  for (let left = n; left > 0; ) {
    day = addDays(day, 1);
    if (isWorkday(day)) left--;
  }
  return day;
}
/** 08:30 China time on `day` plus `minutes`, as epoch ms. */
const at = (day: string, minutes: number): number =>
  Math.round(Date.parse(`${day}T00:30:00Z`) + minutes * 60_000);

export const simKioskId = (i: number): string => `centre-${String(i + 1).padStart(2, '0')}`;

/**
 * The stream of one centre, day by day, in the order its outbox would send it (by sequence
 * number). Cases carry their later changes into the days they happen on.
 */
export function* centreStream(index: number, opts: DistrictOptions): Generator<TxEnvelope> {
  const random = rng((opts.seed ?? 1) * 1000 + index);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const kiosk = simKioskId(index);
  // Always given the simulated time: with none, ulid reads the wall clock and the stream would
  // differ from run to run.
  const idAt = monotonicFactory(random);
  const txIdAt = monotonicFactory(random);
  const later = new Map<string, Pending[]>();
  const schedule = (day: string, p: Pending) => later.set(day, [...(later.get(day) ?? []), p]);
  let seq = 0;
  let caseCount = 0;
  for (let d = 0; d < opts.days; d++) {
    const day = addDays(opts.from, d);
    const today: Pending[] = later.get(day) ?? [];
    later.delete(day);
    if (isWorkday(day)) {
      const ordinals = new Map<string, number>();
      const n = Math.round(opts.ticketsPerDay * (0.8 + random() * 0.4));
      for (let i = 0; i < n; i++) {
        const service = pick(SIM_SERVICES);
        const ordinal = (ordinals.get(service.id) ?? 0) + 1;
        ordinals.set(service.id, ordinal);
        const issuedAt = at(day, (i / n) * 480 + random());
        const ticketId = idAt(issuedAt);
        const number = `${service.prefix}${String(ordinal).padStart(3, '0')}`;
        const priority = random() < 0.1;
        today.push({
          ts: issuedAt,
          type: 'ticket.issued',
          body: { ticketId, number, serviceId: service.id, priority, day, issuedAt },
        });
        const waitedMs = Math.round((2 + random() * 30) * 60_000);
        const calledAt = issuedAt + waitedMs;
        const counterNumber = 1 + Math.floor(random() * 3);
        const clerk = CLERKS[counterNumber - 1]!;
        const counterId = `w${counterNumber}`;
        today.push({
          ts: calledAt,
          type: 'ticket.called',
          body: { ticketId, number, counterId, counterNumber, clerk, calledAt, waitedMs, finished: [] },
        });
        const finishedAt = calledAt + Math.round((3 + random() * 12) * 60_000);
        if (random() < 0.05) {
          today.push({
            ts: finishedAt,
            type: 'ticket.no-show',
            body: { ticketId, number, counterId, clerk, at: finishedAt },
          });
          continue;
        }
        today.push({
          ts: finishedAt,
          type: 'ticket.completed',
          body: { tickets: [{ ticketId, number, finishedAt }], counterId, clerk },
        });
        const item = service.items[0];
        let caseId: string | undefined;
        if (item && random() < 0.3) {
          caseCount++;
          caseId = idAt(finishedAt);
          const { now, later: changes } = simCase({
            random,
            caseId,
            number: `${day.replaceAll('-', '')}-${String(caseCount).padStart(4, '0')}`,
            day,
            serviceId: service.id,
            item,
            ticketId,
            counterId,
            clerk,
            acceptedAt: finishedAt - 60_000,
            addWorkdays,
            at,
          });
          today.push(...now);
          for (const [d, p] of changes) schedule(d, p);
        }
        if (random() < 0.4) {
          const score =
            random() < 0.06 ? (random() < 0.5 ? 1 : 2) : random() < 0.15 ? 3 : random() < 0.5 ? 4 : 5;
          const subject = caseId ? { kind: 'case', id: caseId } : { kind: 'ticket', id: ticketId };
          const ratingId = `${subject.kind}:${subject.id}:${service.id}`;
          // A 差评's rectification is opened where it is given, due in five working days.
          const dueDay = addWorkdays(day, 5);
          const rectification = {
            id: `R-${ratingId}`,
            openedDay: day,
            workingDays: 5,
            dueDay,
            assignee: clerk,
          };
          today.push({
            ts: finishedAt + 30_000,
            type: 'rating.given',
            body: {
              ratingId,
              subject,
              serviceId: service.id,
              score,
              day,
              counterId,
              clerk,
              ...(score <= 2 ? { comment: '等候时间太长', rectifyBy: dueDay, rectification } : {}),
            },
          });
        }
      }
    }
    today.sort((a, b) => a.ts - b.ts);
    for (const p of today) {
      seq++;
      yield { v: 1, kiosk, txId: txIdAt(p.ts), seq, type: p.type, ts: p.ts, body: p.body };
    }
  }
}

/** All centres' streams, interleaved one day's worth at a time per centre. */
export function* districtStream(opts: DistrictOptions): Generator<TxEnvelope> {
  const streams = Array.from({ length: opts.centres }, (_, i) => centreStream(i, opts));
  let live = streams.length;
  while (live > 0) {
    live = 0;
    for (const s of streams) {
      for (let k = 0; k < 200; k++) {
        const next = s.next();
        if (next.done) break;
        live++;
        yield next.value;
      }
    }
  }
}

const SERVICE_NAMES: Record<string, [string, string]> = {
  'social-security': ['社保卡办理', 'Social security card'],
  assistance: ['低保救助', 'Minimum living allowance'],
  'elderly-care': ['养老服务', 'Elderly care'],
  residence: ['居住证办理', 'Residence permit'],
  consult: ['综合咨询', 'General enquiries'],
};
const ITEM_NAMES: Record<string, [string, string]> = {
  'ss-card': ['社保卡首次申领', 'First social security card'],
  dibao: ['最低生活保障申请', 'Minimum living allowance application'],
  'elderly-allowance': ['高龄津贴申领', 'Old-age allowance'],
  'residence-permit': ['居住证申领', 'Residence permit application'],
};
const CENTRE_NAMES = [
  '幸福街道',
  '和平街道',
  '长安街道',
  '建设街道',
  '光明街道',
  '友谊街道',
  '团结街道',
  '胜利街道',
];

/** Names for the simulated district's identifiers (what central's directory would hold). */
export function simDirectory(centres: number) {
  return [
    ...Array.from({ length: centres }, (_, i) => ({
      kind: 'centre' as const,
      id: simKioskId(i),
      name: `${CENTRE_NAMES[i % CENTRE_NAMES.length]}${i >= CENTRE_NAMES.length ? i + 1 : ''}社区服务中心`,
      nameEn: `Centre ${i + 1}`,
    })),
    ...Object.entries(SERVICE_NAMES).map(([id, [name, nameEn]]) => ({
      kind: 'service' as const,
      id,
      name,
      nameEn,
    })),
    ...Object.entries(ITEM_NAMES).map(([id, [name, nameEn]]) => ({
      kind: 'item' as const,
      id,
      name,
      nameEn,
    })),
  ];
}

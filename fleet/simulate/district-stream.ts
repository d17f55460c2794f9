/**
 * A simulated district: centres issuing tickets, calling them, accepting cases that go through
 * 补正, completion or refusal and supervision levels, and residents rating the service — as the
 * transactions a kiosk sends (the same body shapes as appliance/queue, appliance/cases). Seeded,
 * so a test or a benchmark gets the same stream every run. No personal data: applicant
 * references are random hex like the kiosk's keyed hashes.
 */
import { monotonicFactory } from 'ulid';
import type { TxEnvelope, TxType } from '../../contract/mqtt.ts';

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

interface Pending {
  ts: number;
  type: TxType;
  body: Record<string, unknown>;
}

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
          const caseNumber = `${day.replaceAll('-', '')}-${String(caseCount).padStart(4, '0')}`;
          const promisedDeadline = addWorkdays(day, item.promised);
          const legalDeadline = addWorkdays(day, item.legal);
          const base: Record<string, unknown> & { promisedDeadline: string } = {
            caseId,
            number: caseNumber,
            serviceId: service.id,
            itemId: item.id,
            ticketId,
            applicantRef: Math.floor(random() * 2 ** 48)
              .toString(16)
              .padStart(12, '0'),
            counterId,
            acceptedDay: day,
            legalLimitDays: item.legal,
            promisedLimitDays: item.promised,
            pausedWorkingDays: 0,
            promisedDeadline,
            legalDeadline,
            provisional: false,
          };
          const snap = (change: string, state: string, level: string, worst: string, extra = {}) => ({
            ...base,
            change,
            state,
            level,
            worstLevel: worst,
            clerk,
            ...extra,
          });
          today.push({
            ts: finishedAt - 60_000,
            type: 'case.accepted',
            body: snap('accepted', 'accepted', 'normal', 'normal'),
          });
          const fate = random();
          const suspends = fate >= 0.04 && fate < 0.14;
          // A suspended case closes only after it resumed (suspend day + 1, resume 2 days later).
          const earliest = suspends ? 4 : 1;
          const closeDay = addWorkdays(day, Math.max(earliest, Math.round(random() * item.promised * 1.3)));
          if (fate < 0.04) {
            schedule(addWorkdays(day, 1), {
              ts: at(addWorkdays(day, 1), 60),
              type: 'case.changed',
              body: snap('refuse', 'refused', 'normal', 'normal', {
                refusalReason: random() < 0.8 ? '申请材料不符合法定形式' : undefined,
                refusalReviewed: false,
              }),
            });
          } else {
            if (suspends) {
              const sDay = addWorkdays(day, 1);
              schedule(sDay, {
                ts: at(sDay, 90),
                type: 'case.changed',
                body: snap('suspend', 'suspended', 'normal', 'normal', {
                  missingMaterials: ['户口簿复印件'],
                }),
              });
              const rDay = addWorkdays(sDay, 2);
              // Every snapshot from the resumption on carries the moved deadlines.
              Object.assign(base, {
                pausedWorkingDays: 2,
                promisedDeadline: addWorkdays(promisedDeadline, 2),
                legalDeadline: addWorkdays(legalDeadline, 2),
              });
              schedule(rDay, {
                ts: at(rDay, 90),
                type: 'case.changed',
                body: snap('resume', 'in-progress', 'normal', 'normal'),
              });
            }
            const late = closeDay > base.promisedDeadline;
            if (late) {
              schedule(base.promisedDeadline, {
                ts: at(base.promisedDeadline, 0),
                type: 'case.changed',
                body: snap('level', 'in-progress', 'warning', 'warning'),
              });
              const yDay = addWorkdays(base.promisedDeadline, 1);
              if (yDay <= closeDay)
                schedule(yDay, {
                  ts: at(yDay, 0),
                  type: 'case.changed',
                  body: snap('level', 'in-progress', 'yellow', 'yellow'),
                });
            }
            schedule(closeDay, {
              ts: at(closeDay, 200),
              type: 'case.changed',
              body: snap('complete', 'completed', late ? 'yellow' : 'normal', late ? 'yellow' : 'normal', {
                completedDay: closeDay,
                late,
              }),
            });
          }
        }
        if (random() < 0.4) {
          const score =
            random() < 0.06 ? (random() < 0.5 ? 1 : 2) : random() < 0.15 ? 3 : random() < 0.5 ? 4 : 5;
          const subject = caseId ? { kind: 'case', id: caseId } : { kind: 'ticket', id: ticketId };
          today.push({
            ts: finishedAt + 30_000,
            type: 'rating.given',
            body: {
              ratingId: `${subject.kind}:${subject.id}:${service.id}`,
              subject,
              serviceId: service.id,
              score,
              day,
              counterId,
              clerk,
              ...(score <= 2 ? { comment: '等候时间太长' } : {}),
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

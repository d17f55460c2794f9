/**
 * The district's supervision policy: when a case is at warning, yellow or red (the same counting
 * as the kiosks: working days before and after the promised deadline), how long a centre has to
 * reply to a notice, and the rules (with versions) each notice cites. Configuration, not code.
 */
import { supervisionLevel } from '../../platform/calendar/index.ts';
import type { WorkingDays } from '../projections/ratings.ts';

export type NoticeKind = 'urge' | 'yellow' | 'red';

export interface SupervisionRule {
  code: string;
  title: string;
  version: string;
}

export interface SupervisionPolicy {
  warningDays: number;
  redAfterDays: number;
  /** Working days a centre has to reply (回告) to a notice. */
  replyWithinDays: number;
  /** A 补正 notice later than this many working days after acceptance is flagged (行政许可法 art. 32). */
  correctionNoticeDays: number;
  rules: Record<NoticeKind, SupervisionRule>;
}

export const DEFAULT_SUPERVISION_POLICY: SupervisionPolicy = {
  warningDays: 2,
  redAfterDays: 5,
  replyWithinDays: 3,
  correctionNoticeDays: 5,
  rules: {
    urge: { code: 'JC-01', title: '行政审批电子监察预警催办规则', version: '2025.1' },
    yellow: { code: 'JC-02', title: '行政审批超期黄牌督办规则', version: '2025.1' },
    red: { code: 'JC-03', title: '行政审批红牌整改规则', version: '2025.1' },
  },
};

export const KIND_OF_LEVEL = { warning: 'urge', yellow: 'yellow', red: 'red' } as const;

/**
 * The promised-deadline bounds of each level as of `today`, so a list is one indexed range query:
 * warning: today ≤ deadline ≤ warnUntil; yellow: redBefore < deadline < today; red: deadline ≤ redBefore.
 * Found by asking platform/calendar's supervisionLevel (the kiosks' own rule) day by day outward
 * from today, so central's lists give every case the level the centre's board gives it.
 */
export function levelBounds(today: string, policy: SupervisionPolicy, calendar: WorkingDays) {
  const step = (d: string, n: number) => {
    const t = new Date(`${d}T00:00:00Z`);
    t.setUTCDate(t.getUTCDate() + n);
    return t.toISOString().slice(0, 10);
  };
  const level = (deadline: string) => supervisionLevel(deadline, today, calendar, policy);
  let warnUntil = today;
  for (let d = step(today, 1), i = 0; i < 60 && level(d) === 'warning'; d = step(d, 1), i++) warnUntil = d;
  let redBefore = step(today, -1);
  for (let i = 0; i < 120 && level(redBefore) !== 'red'; i++) redBefore = step(redBefore, -1);
  return { warnUntil, redBefore };
}

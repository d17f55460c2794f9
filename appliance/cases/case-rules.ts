/** Which state changes a case allows, and the checks on what a clerk types in. */
import { ApplianceError } from '../core/errors.ts';
import type { CaseRecord, CaseState } from './records.ts';

export type CaseAction = 'start' | 'suspend' | 'resume' | 'complete' | 'refuse' | 'advance';

const ALLOWED_FROM: Record<CaseAction, readonly CaseState[]> = {
  start: ['accepted'],
  suspend: ['accepted', 'in-progress'],
  resume: ['suspended'],
  complete: ['in-progress'],
  refuse: ['accepted', 'in-progress', 'suspended'],
  advance: ['accepted', 'in-progress'],
};

const ACTION_WORDS: Record<CaseAction, string> = {
  start: 'be started',
  suspend: 'be suspended for missing materials',
  resume: 'be resumed',
  complete: 'be completed',
  refuse: 'be refused',
  advance: 'move to its next step',
};

export function assertTransition(c: CaseRecord, action: CaseAction): void {
  if (!ALLOWED_FROM[action].includes(c.state)) {
    throw new ApplianceError(
      'case.illegal-transition',
      `case ${c.number} is ${c.state}: it cannot ${ACTION_WORDS[action]}`,
    );
  }
}

export const OPEN_STATES: readonly CaseState[] = ['accepted', 'in-progress', 'suspended'];
/** States whose clock is running, so supervision recomputes their level. */
export const CLOCK_RUNNING: readonly CaseState[] = ['accepted', 'in-progress'];

const MAX_LIMIT_DAYS = 365;
const MAX_TEXT = 200;

export function checkLimits(legalLimitDays: number, promisedLimitDays: number): void {
  for (const [what, n] of [
    ['legal', legalLimitDays],
    ['promised', promisedLimitDays],
  ] as const) {
    if (!Number.isInteger(n) || n < 0 || n > MAX_LIMIT_DAYS) {
      throw new ApplianceError(
        'case.bad-limits',
        `the ${what} time limit must be 0 to ${MAX_LIMIT_DAYS} working days, not ${n}`,
        422,
      );
    }
  }
  if (promisedLimitDays > legalLimitDays) {
    throw new ApplianceError(
      'case.bad-limits',
      `the promised time limit (${promisedLimitDays}) cannot be longer than the legal one (${legalLimitDays})`,
      422,
    );
  }
}

/** Trimmed, non-empty, short entries; `what` names the list in the refusal. */
export function cleanTexts(items: readonly string[], what: string, atLeastOne: boolean): string[] {
  const out = items.map((s) => s.trim());
  if (out.some((s) => s.length === 0 || s.length > MAX_TEXT)) {
    throw new ApplianceError('case.bad-text', `each of the ${what} must be 1 to ${MAX_TEXT} characters`, 422);
  }
  if (atLeastOne && out.length === 0) {
    throw new ApplianceError('case.bad-text', `name at least one of the ${what}`, 422);
  }
  return out;
}

export function cleanReason(reason: string | undefined): string {
  const r = reason?.trim() ?? '';
  if (r.length === 0) {
    throw new ApplianceError('case.reason-required', 'a refusal needs a reason the applicant can read', 422);
  }
  if (r.length > MAX_TEXT) {
    throw new ApplianceError('case.bad-text', `a refusal reason must be at most ${MAX_TEXT} characters`, 422);
  }
  return r;
}

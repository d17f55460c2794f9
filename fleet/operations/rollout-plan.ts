/**
 * How a rollout splits its kiosks into waves (a canary set, then a share of the target, then the
 * rest) and how a wave's verdict is reached. Pure, so the engine and its tests share it.
 */
import type { RolloutKiosk } from '../../contract/central-fleet.ts';

export interface WavePlan {
  name: 'canary' | 'share' | 'rest';
  kiosks: string[];
}

export function planWaves(
  targets: readonly string[],
  opts: { canary?: readonly string[]; canaryCount?: number; sharePercent?: number },
): WavePlan[] {
  const all = [...new Set(targets)].sort();
  const unknown = (opts.canary ?? []).filter((k) => !all.includes(k));
  if (unknown.length > 0) throw new Error(`canary kiosks not in the rollout's target: ${unknown.join(', ')}`);
  const canary = opts.canary?.length
    ? [...new Set(opts.canary)].sort()
    : all.slice(0, Math.min(all.length, opts.canaryCount ?? 1));
  const rest = all.filter((k) => !canary.includes(k));
  const shareTotal = Math.ceil((all.length * (opts.sharePercent ?? 25)) / 100);
  const share = rest.slice(0, Math.max(0, shareTotal - canary.length));
  const last = rest.slice(share.length);
  const waves: WavePlan[] = [
    { name: 'canary', kiosks: canary },
    { name: 'share', kiosks: share },
    { name: 'rest', kiosks: last },
  ];
  return waves.filter((w) => w.kiosks.length > 0);
}

export type KioskRolloutState = RolloutKiosk['state'];

export const FAILED_STATES: ReadonlySet<KioskRolloutState> = new Set(['rejected', 'rolled-back', 'timeout']);
const TERMINAL: ReadonlySet<KioskRolloutState> = new Set(['applied', 'rejected', 'rolled-back', 'timeout']);

export interface WaveVerdict {
  failed: number;
  applied: number;
  pending: number;
  /** More than the threshold failed: halt now, without waiting for the rest of the wave. */
  halt: boolean;
  done: boolean;
}

export function waveVerdict(states: readonly KioskRolloutState[], threshold: number): WaveVerdict {
  const failed = states.filter((s) => FAILED_STATES.has(s)).length;
  const applied = states.filter((s) => s === 'applied').length;
  const pending = states.filter((s) => !TERMINAL.has(s)).length;
  const share = states.length === 0 ? 0 : failed / states.length;
  return { failed, applied, pending, halt: share > threshold, done: pending === 0 };
}

/**
 * A kiosk's state in a rollout from what it last reported on `config/reported`: the bundle of
 * this rollout's version applied, refused or rolled back by the kiosk's own health check.
 */
export function reportedState(
  reported:
    | { status: string; bundleVersion?: number; appliedVersion: number; reason?: string; detail?: string }
    | undefined,
  version: number,
): { state: KioskRolloutState; detail: string | null } | null {
  if (!reported) return null;
  if (reported.status === 'applied' && reported.appliedVersion >= version)
    return { state: 'applied', detail: null };
  if (reported.bundleVersion !== version) return null;
  if (reported.status === 'rejected')
    return { state: 'rejected', detail: reported.detail ?? reported.reason ?? null };
  if (reported.status === 'rolled-back')
    return { state: 'rolled-back', detail: reported.detail ?? reported.reason ?? null };
  return null;
}

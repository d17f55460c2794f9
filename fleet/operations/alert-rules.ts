/**
 * The alert rules (in configuration: `startFleetOperations({ alerts })`, `shequ central --fleet-rules
 * FILE`): which conditions of a kiosk raise an alert, as a pure function of what central knows.
 * The engine (alerts.ts) raises each once and clears it when the condition goes away.
 */
import type { AlertRuleName } from '../../contract/central-fleet.ts';
import { diskFreePercent, type LiveKiosk, printerFaults } from './kiosk-state.ts';
import { type OpeningHours, openSince } from './opening-hours.ts';

export interface AlertRules {
  /** Offline longer than this (minutes); null turns the rule off. */
  offlineMinutes: number | null;
  /** Printer paper near end or out. */
  paper: boolean;
  /** The oldest transaction still in the outbox is older than this (minutes). */
  outboxAgeMinutes: number | null;
  /** Free disk below this percentage. */
  diskFreePercent: number | null;
  /** Configuration applied differs from the site's desired version for longer than the grace. */
  versionDrift: boolean;
  driftGraceMinutes: number;
  /** Expected software version per site (the agent's `version`); a kiosk on another one drifts. */
  siteSoftware: Record<string, string>;
  /** Connected (status online) but no telemetry for this long (minutes). */
  noHeartbeatMinutes: number | null;
}

export const DEFAULT_ALERT_RULES: AlertRules = {
  offlineMinutes: 10,
  paper: true,
  outboxAgeMinutes: 30,
  diskFreePercent: 10,
  versionDrift: true,
  driftGraceMinutes: 30,
  siteSoftware: {},
  noHeartbeatMinutes: 3,
};

export interface RuleInput {
  kiosk: LiveKiosk;
  now: number;
  hours: OpeningHours;
  /** The kiosk is in a rollout that is still going: its versions are meant to differ for a while. */
  inRollout: boolean;
  /** When central first saw the current desired version (for the drift grace). */
  desiredSeenAt: number | undefined;
}

const MIN = 60_000;
const minutes = (ms: number) => Math.max(0, Math.round(ms / MIN));

/** The conditions that hold now, each with the line an operator reads (zh first). */
export function activeConditions(rules: AlertRules, input: RuleInput): Map<AlertRuleName, string> {
  const { kiosk: k, now } = input;
  const out = new Map<AlertRuleName, string>();
  const status = k.status;
  if (rules.offlineMinutes !== null && status?.state === 'offline') {
    const limit = rules.offlineMinutes * MIN;
    if (status.reason === 'shutdown') {
      // A clean shutdown is an alert only while the centre should be open, counted from opening.
      const opened = openSince(input.hours, now);
      if (opened !== null && now - Math.max(opened, status.ts) >= limit)
        out.set(
          'offline',
          `离线 ${minutes(now - status.ts)} 分钟（正常关机，但在开放时间内） offline in opening hours`,
        );
    } else if (now - status.ts >= limit) {
      out.set('offline', `离线 ${minutes(now - status.ts)} 分钟 offline (${status.reason ?? 'no reason'})`);
    }
  }
  const t = k.telemetry;
  const online = status?.state === 'online';
  if (rules.paper && t && online) {
    const printer = printerFaults(t.printer);
    if (printer.includes('printer.paper-out')) out.set('paper', '打印机缺纸 printer out of paper');
    else if (printer.includes('printer.paper-near-end')) out.set('paper', '打印纸将用完 paper near end');
  }
  if (rules.outboxAgeMinutes !== null && t && t.outbox.depth > 0) {
    if (t.outbox.oldestAgeMs >= rules.outboxAgeMinutes * MIN)
      out.set(
        'outbox-age',
        `最早未上传交易已 ${minutes(t.outbox.oldestAgeMs)} 分钟（${t.outbox.depth} 条） oldest unsent transaction`,
      );
  }
  if (rules.diskFreePercent !== null && t) {
    const free = diskFreePercent(t);
    if (free !== null && free < rules.diskFreePercent)
      out.set('disk-low', `磁盘剩余 ${free}% disk free below ${rules.diskFreePercent}%`);
  }
  if (rules.versionDrift && !input.inRollout) {
    const drift = versionDrift(rules, input);
    if (drift) out.set('version-drift', drift);
  }
  if (rules.noHeartbeatMinutes !== null && online) {
    const heardAt = t?.ts ?? status.ts;
    if (now - heardAt >= rules.noHeartbeatMinutes * MIN && now - status.ts >= rules.noHeartbeatMinutes * MIN)
      out.set('no-heartbeat', `在线但 ${minutes(now - heardAt)} 分钟无心跳 connected, no heartbeat`);
  }
  return out;
}

function versionDrift(rules: AlertRules, input: RuleInput): string | null {
  const { kiosk: k, now } = input;
  const expected = rules.siteSoftware[k.site];
  const running = k.telemetry?.version ?? k.status?.version;
  if (expected && running && running !== expected)
    return `软件版本 ${running}，站点应为 ${expected} software version drift`;
  if (k.desiredVersion === undefined || !k.reported) return null;
  if (k.reported.appliedVersion >= k.desiredVersion) return null;
  const since = input.desiredSeenAt ?? now;
  if (now - since < rules.driftGraceMinutes * MIN) return null;
  return `配置版本 ${k.reported.appliedVersion}，应为 ${k.desiredVersion} configuration drift`;
}

/** Reads a rules object from configuration, over the defaults; throws a readable error. */
export function alertRules(partial: Partial<AlertRules> = {}): AlertRules {
  const rules = { ...DEFAULT_ALERT_RULES, ...partial };
  for (const key of [
    'offlineMinutes',
    'outboxAgeMinutes',
    'diskFreePercent',
    'noHeartbeatMinutes',
  ] as const) {
    const v = rules[key];
    if (v !== null && !(typeof v === 'number' && Number.isFinite(v) && v >= 0))
      throw new Error(`alert rule ${key} must be a number ≥ 0 or null, not ${JSON.stringify(v)}`);
  }
  return rules;
}

/** Small formatting helpers of the fleet pages: both languages inline, times in the district's zone. */
import { lang } from '../../i18n.ts';

/** Rows the fleet table draws per page (a screenful and some); the rest are a click away. */
export const FLEET_PAGE_SIZE = 100;

export const tr = (zh: string, en: string): string => (lang.get() === 'zh' ? zh : en);

export const when = (ms: number | null | undefined): string =>
  ms ? new Date(ms).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '-';

export function ago(ms: number | null | undefined, now = Date.now()): string {
  if (!ms) return '-';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return tr(`${s} 秒前`, `${s}s ago`);
  if (s < 3600) return tr(`${Math.floor(s / 60)} 分钟前`, `${Math.floor(s / 60)}m ago`);
  if (s < 86_400) return tr(`${Math.floor(s / 3600)} 小时前`, `${Math.floor(s / 3600)}h ago`);
  return tr(`${Math.floor(s / 86_400)} 天前`, `${Math.floor(s / 86_400)}d ago`);
}

export function duration(ms: number): string {
  if (ms < 60_000) return tr(`${Math.round(ms / 1000)} 秒`, `${Math.round(ms / 1000)}s`);
  if (ms < 3_600_000) return tr(`${Math.round(ms / 60_000)} 分钟`, `${Math.round(ms / 60_000)}m`);
  return tr(`${Math.round(ms / 3_600_000)} 小时`, `${Math.round(ms / 3_600_000)}h`);
}

const FAULT_NAMES: Record<string, [string, string]> = {
  offline: ['离线', 'offline'],
  silent: ['无心跳', 'silent'],
  'printer.paper-out': ['缺纸', 'paper out'],
  'printer.paper-near-end': ['纸将用完', 'paper near end'],
  'printer.cover-open': ['纸仓盖打开', 'cover open'],
  'printer.fault': ['打印机故障', 'printer fault'],
  'reader.fault': ['读卡器故障', 'reader fault'],
  'scanner.fault': ['扫码器故障', 'scanner fault'],
  'outbox.stale': ['上传积压', 'outbox stale'],
  'disk.low': ['磁盘不足', 'disk low'],
  'config.drift': ['配置版本偏离', 'config drift'],
  'config.failed': ['配置未生效', 'config failed'],
};
export const faultName = (f: string): string => {
  const n = FAULT_NAMES[f];
  return n ? tr(n[0], n[1]) : f;
};

const RULE_NAMES: Record<string, [string, string]> = {
  offline: ['离线', 'Offline'],
  paper: ['打印纸', 'Paper'],
  'outbox-age': ['上传积压', 'Outbox age'],
  'disk-low': ['磁盘空间', 'Disk'],
  'version-drift': ['版本偏离', 'Version drift'],
  'no-heartbeat': ['无心跳', 'No heartbeat'],
};
export const ruleName = (r: string): string => {
  const n = RULE_NAMES[r];
  return n ? tr(n[0], n[1]) : r;
};

const COMMAND_TITLES: Record<string, [string, string]> = {
  reprint: ['补打票据', 'Reprint'],
  'print-test': ['打印测试页', 'Print test page'],
  'sync-now': ['立即同步', 'Sync now'],
  'restart-service': ['重启上行服务', 'Restart uplink'],
  'collect-logs': ['收集日志', 'Collect logs'],
};
export const commandTitle = (n: string): string => {
  const c = COMMAND_TITLES[n];
  return c ? tr(c[0], c[1]) : n;
};

const STATE_NAMES: Record<string, [string, string]> = {
  online: ['在线', 'online'],
  offline: ['离线', 'offline'],
  unknown: ['未知', 'unknown'],
  sent: ['已发送', 'sent'],
  accepted: ['已接收', 'accepted'],
  succeeded: ['成功', 'succeeded'],
  failed: ['失败', 'failed'],
  rejected: ['拒绝', 'rejected'],
  expired: ['已过期', 'expired'],
  'not-sent': ['离线未发送', 'offline, not sent'],
  waiting: ['等待', 'waiting'],
  applied: ['已生效', 'applied'],
  'rolled-back': ['已回滚', 'rolled back'],
  timeout: ['超时', 'timed out'],
  reverting: ['回退中', 'reverting'],
  reverted: ['已回退', 'reverted'],
  running: ['进行中', 'running'],
  halted: ['已暂停', 'halted'],
  completed: ['已完成', 'completed'],
  'rolling-back': ['回滚中', 'rolling back'],
  ok: ['正常', 'ok'],
  warning: ['警告', 'warning'],
  fault: ['故障', 'fault'],
  disconnected: ['未连接', 'disconnected'],
};
export const stateName = (s: string): string => {
  const n = STATE_NAMES[s];
  return n ? tr(n[0], n[1]) : s;
};

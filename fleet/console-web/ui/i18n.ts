/** zh-CN first, English second: every label has both, the toggle is remembered in localStorage. */
import { signalLike } from './signal.ts';

export type Lang = 'zh' | 'en';

const saved = (() => {
  try {
    return localStorage.getItem('central.lang') === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
})();
export const lang = signalLike<Lang>(saved);
export function setLang(l: Lang): void {
  lang.set(l);
  try {
    localStorage.setItem('central.lang', l);
  } catch {}
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
}

const M = {
  appTitle: ['区级数据中心 · 电子监察', 'District data centre · e-supervision'],
  login: ['登录', 'Log in'],
  logout: ['退出', 'Log out'],
  username: ['用户名', 'User name'],
  password: ['密码', 'Password'],
  loginFailed: ['用户名或密码错误', 'Wrong user name or password'],
  throttled: ['失败次数过多，请稍后再试', 'Too many failed logins; try again later'],
  centre: ['中心', 'Centre'],
  service: ['服务', 'Service'],
  item: ['事项', 'Item'],
  clerk: ['办理人', 'Clerk'],
  counter: ['窗口', 'Counter'],
  state: ['状态', 'State'],
  level: ['监察等级', 'Supervision'],
  from: ['起', 'From'],
  to: ['止', 'To'],
  dayOf: ['日期口径', 'Dates apply to'],
  onAccepted: ['受理日', 'acceptance'],
  onClosed: ['办结日', 'closing'],
  caseNumber: ['办件编号', 'Case number'],
  all: ['全部', 'All'],
  search: ['查询', 'Search'],
  reset: ['重置', 'Reset'],
  csv: ['导出 CSV', 'Export CSV'],
  total: ['共', 'Total'],
  rows: ['条', 'rows'],
  prev: ['上一页', 'Previous'],
  next: ['下一页', 'Next'],
  page: ['第', 'Page'],
  loading: ['加载中…', 'Loading…'],
  none: ['暂无数据', 'Nothing here'],
  accepted: ['受理', 'Accepted'],
  closed: ['办结', 'Closed'],
  openCases: ['在办', 'Open'],
  issued: ['取号', 'Tickets'],
  waiting: ['等候', 'Waiting'],
  served: ['已办', 'Served'],
  noShow: ['过号', 'No-show'],
  avgWait: ['平均等候(分)', 'Avg wait (min)'],
  avgHandle: ['平均办理(分)', 'Avg handling (min)'],
  completed: ['办结', 'Completed'],
  late: ['超期办结', 'Completed late'],
  refused: ['不予受理', 'Refused'],
  suspended: ['补正', '补正 (more materials)'],
  warning: ['预警', 'Warning'],
  yellow: ['黄牌', 'Yellow card'],
  red: ['红牌', 'Red card'],
  ratings: ['评价', 'Ratings'],
  poor: ['差评', 'Poor ratings'],
  online: ['在线', 'Online'],
  offline: ['离线', 'Offline'],
  todayOf: ['今日概况', 'Today'],
  district: ['全区合计', 'District total'],
  byWeek: ['按周', 'By week'],
  byMonth: ['按月', 'By month'],
  byDay: ['按日', 'By day'],
  period: ['时段', 'Period'],
  breakdown: ['分项统计', 'Breakdown'],
  onTime: ['按时办结率', 'On-time rate'],
  timeline: ['办理过程', 'Timeline'],
  legalDeadline: ['法定期限', 'Legal deadline'],
  promisedDeadline: ['承诺期限', 'Promised deadline'],
  legalLimit: ['法定时限(工作日)', 'Legal limit (working days)'],
  promisedLimit: ['承诺时限(工作日)', 'Promised limit (working days)'],
  paused: ['暂停(工作日)', 'Paused (working days)'],
  missing: ['需补正材料', 'Missing materials'],
  refusalReason: ['不予受理理由', 'Refusal reason'],
  noReason: ['未说明理由', 'No reason given'],
  score: ['评价', 'Score'],
  comment: ['意见', 'Comment'],
  rectification: ['整改', 'Rectification'],
  due: ['整改期限', 'Due'],
  reply: ['中心回复', 'Centre reply'],
  visit: ['回访', 'Follow-up'],
  reassign: ['改派', 'Reassign'],
  escalate: ['升级督办', 'Escalate'],
  onTimeRate: ['整改按时率', 'Rectified on time'],
  visitRate: ['回访率', 'Follow-up rate'],
  overdue: ['已超期', 'Overdue'],
  satisfied: ['群众满意', 'Resident satisfied'],
  submit: ['提交', 'Submit'],
  actor: ['用户', 'User'],
  action: ['操作', 'Action'],
  target: ['对象', 'Target'],
  result: ['结果', 'Result'],
  at: ['时间', 'Time'],
  verify: ['校验哈希链', 'Verify hash chain'],
  chainOk: ['哈希链完整', 'Chain intact'],
  chainBroken: ['哈希链断裂于', 'Chain broken at'],
  role: ['角色', 'Role'],
  displayName: ['姓名', 'Name'],
  addUser: ['新增用户', 'Add user'],
  disabled: ['已停用', 'Disabled'],
  lastSeen: ['最后联系', 'Last seen'],
  version: ['版本', 'Version'],
  printer: ['打印机', 'Printer'],
  reader: ['读卡器', 'ID reader'],
  outbox: ['待上传', 'Outbox'],
  alarms24h: ['24小时告警', 'Alarms 24 h'],
  number: ['号码', 'Number'],
  priority: ['优先', 'Priority'],
  back: ['返回', 'Back'],
  case: ['办件', 'Case'],
  ticket: ['取号', 'Ticket'],
  source: ['来源', 'Source'],
  assignee: ['负责人', 'Assignee'],
  text: ['内容', 'Text'],
  toWhom: ['对象/级别', 'To'],
  done: ['完成', 'Done'],
} as const;

export type MessageKey = keyof typeof M;

export function t(key: MessageKey): string {
  return M[key][lang.get() === 'zh' ? 0 : 1];
}

const STATE_NAMES: Record<string, [string, string]> = {
  accepted: ['已受理', 'Accepted'],
  'in-progress': ['办理中', 'In progress'],
  suspended: ['补正中', 'Awaiting materials'],
  completed: ['已办结', 'Completed'],
  refused: ['不予受理', 'Refused'],
  // SMS delivery (fleet/notify); a refused message is shown as opted-out or not-sent (deliveries.tsx), with its reason.
  queued: ['待发送', 'Queued'],
  held: ['静默时段暂缓', 'Held (quiet hours)'],
  deferred: ['延后发送', 'Deferred'],
  sending: ['发送中', 'Sending'],
  retrying: ['重试中', 'Retrying'],
  submitted: ['已提交', 'Submitted'],
  delivered: ['已送达', 'Delivered'],
  undelivered: ['未送达', 'Undelivered'],
  expired: ['已过期', 'Expired'],
  rejected: ['号码被拒', 'Rejected'],
  cancelled: ['已取消', 'Cancelled'],
  'opted-out': ['已退订', 'Opted out'],
  'not-sent': ['未发送', 'Not sent'],
  open: ['在办', 'Open'],
  closed: ['已结束', 'Closed'],
  normal: ['正常', 'Normal'],
  warning: ['预警', 'Warning'],
  yellow: ['黄牌', 'Yellow card'],
  red: ['红牌', 'Red card'],
  overdue: ['已超期', 'Overdue'],
  replied: ['已回复', 'Replied'],
  visited: ['已回访', 'Followed up'],
  escalated: ['已升级', 'Escalated'],
  pending: ['待办', 'Pending'],
  waiting: ['等候中', 'Waiting'],
  called: ['已叫号', 'Called'],
  done: ['已办', 'Done'],
  'no-show': ['过号', 'No-show'],
  ok: ['成功', 'OK'],
  denied: ['拒绝', 'Denied'],
  failed: ['失败', 'Failed'],
  accept: ['受理', 'Accepted'],
  start: ['开始办理', 'Started'],
  suspend: ['补正告知', '补正 requested'],
  resume: ['补正后恢复', 'Resumed'],
  complete: ['办结', 'Completed'],
  refuse: ['不予受理', 'Refused'],
  level: ['监察等级变化', 'Supervision level'],
  'refusal-reviewed': ['不予受理已复核', 'Refusal reviewed'],
  central: ['中心端', 'Central'],
  kiosk: ['终端', 'Kiosk'],
};

export function nameOf(code: string | null | undefined): string {
  if (!code) return '';
  const n = STATE_NAMES[code];
  return n ? n[lang.get() === 'zh' ? 0 : 1] : code;
}

export const SCORE_NAMES: Record<number, [string, string]> = {
  5: ['非常满意', 'Very satisfied'],
  4: ['满意', 'Satisfied'],
  3: ['基本满意', 'Fairly satisfied'],
  2: ['不满意', 'Dissatisfied'],
  1: ['非常不满意', 'Very dissatisfied'],
};
export const scoreName = (s: number) => SCORE_NAMES[s]?.[lang.get() === 'zh' ? 0 : 1] ?? String(s);

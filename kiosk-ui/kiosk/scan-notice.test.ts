import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translator } from '../shared/i18n.ts';
import { scanNoticeText } from './scan-notice.ts';

const t = translator('zh-CN');

test('the scanner verdicts are said in the screen words, never the server message', () => {
  assert.equal(scanNoticeText(t, { at: 1, verdict: 'receipt-unknown' }), '本中心没有这份回执的记录');
  const at = 1;
  assert.equal(scanNoticeText(t, { at, verdict: 'ticket', ticketNumber: 'B001' }), '排队号 B001');
  assert.equal(
    scanNoticeText(t, { at, verdict: 'appointment-refused', reason: 'appointment.already-checked-in' }),
    '预约签到未成功，请到服务窗口咨询',
  );
  assert.equal(scanNoticeText(t, { at, verdict: 'appointment-checking-in' }), '正在签到…');
  assert.equal(
    scanNoticeText(t, { at, verdict: 'appointment-checked-in', ticketNumber: 'C003' }),
    '签到成功，您的号码是 C003',
  );
  assert.equal(scanNoticeText(t, { at, verdict: 'foreign' }), '这不是本中心的二维码');
});

test('a scanned ticket shows where it stands, as its phone page does', () => {
  const at = 1;
  const waiting = { state: 'waiting' as const, number: 'B001', peopleAhead: 3, estimatedWaitMin: 12 };
  assert.equal(
    scanNoticeText(t, { at, verdict: 'ticket', ticketNumber: 'B001', progress: waiting }),
    '排队号 B001 · 前面还有 3 人，预计等待约 12 分钟',
  );
  const called = { state: 'called' as const, number: 'B001', counterNumber: 2 };
  assert.equal(
    scanNoticeText(t, { at, verdict: 'ticket', ticketNumber: 'B001', progress: called }),
    '排队号 B001 · 正在叫号，请到 2 号窗口',
  );
  const old = { state: 'other-day' as const, number: 'B001', day: '2026-11-30' };
  assert.equal(
    scanNoticeText(t, { at, verdict: 'ticket', ticketNumber: 'B001', progress: old }),
    '排队号 B001 · 不是今天的号票，号票当日有效',
  );
});

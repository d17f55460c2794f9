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

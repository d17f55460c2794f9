import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translator } from '../shared/i18n.ts';
import { scanNoticeText } from './scan-notice.ts';

const t = translator('zh-CN');

test('the scanner verdicts are said in the screen words, never the server message', () => {
  const at = 1;
  assert.equal(
    scanNoticeText(t, { at, verdict: 'ticket', message: 'x', ticketNumber: 'B001' }),
    '排队号 B001',
  );
  assert.equal(
    scanNoticeText(t, { at, verdict: 'appointment', message: '这个预约已经签到过了 (already checked in)' }),
    '预约签到未成功，请到服务窗口咨询',
  );
  assert.equal(scanNoticeText(t, { at, verdict: 'appointment', message: '正在签到…' }), '正在签到…');
  assert.equal(
    scanNoticeText(t, { at, verdict: 'appointment', message: 'ok', ticketNumber: 'C003' }),
    '签到成功，您的号码是 C003',
  );
  assert.equal(scanNoticeText(t, { at, verdict: 'foreign', message: 'not ours' }), '这不是本中心的二维码');
});

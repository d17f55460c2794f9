import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleState } from '../test-support/fixtures.ts';
import {
  callKey,
  callSpeech,
  callText,
  centreLabel,
  formatClock,
  formatWait,
  serviceLabel,
  spokenTicketNumber,
  ticketServiceLabel,
} from './format.ts';
import { translator } from './i18n.ts';

const zh = translator('zh-CN');
const en = translator('en');

test('formatWait: none, minutes, hours, and never negative', () => {
  assert.equal(formatWait(zh, 0), '无需等待');
  assert.equal(formatWait(zh, -5), '无需等待');
  assert.equal(formatWait(zh, 12), '约 12 分钟');
  assert.equal(formatWait(zh, 65), '约 1 小时 5 分钟');
  assert.equal(formatWait(en, 12), 'About 12 min');
  assert.equal(formatWait(en, 120), 'About 2 h 0 min');
});

test('callText is the board sentence', () => {
  assert.equal(callText(zh, { ticketNumber: 'A023', counterNumber: 3 }), '请 A023 号到 3 号窗口');
});

test('ticket numbers are spoken digit by digit', () => {
  assert.equal(spokenTicketNumber('zh-CN', 'A023'), 'A零二三');
  assert.equal(spokenTicketNumber('en', 'b105'), 'B 1 0 5');
  assert.equal(
    callSpeech('zh-CN', zh, { ticketNumber: 'A023', counterNumber: 3 }),
    '请 A零二三 号，到 3 号窗口办理',
  );
});

test('labels follow the language and fall back to Chinese when English is missing', () => {
  const state = sampleState();
  const social = state.services[0]!;
  assert.equal(serviceLabel('zh-CN', social), '社保业务');
  assert.equal(serviceLabel('en', social), 'Social security');
  assert.equal(serviceLabel('en', { name: '法律援助', nameEn: '' }), '法律援助');
  assert.equal(centreLabel('en', state.kiosk), 'Example Street Community Centre');
  assert.equal(centreLabel('zh-CN', state.kiosk), '示例街道社区服务中心');
});

test('formatClock pads hours and minutes', () => {
  const at = new Date(2026, 0, 5, 8, 7).getTime();
  assert.equal(formatClock(at), '08:07');
});

test('callKey differs when the same ticket is called again later', () => {
  const a = callKey({ ticketNumber: 'A1', counterNumber: 1, calledAt: 1 });
  const b = callKey({ ticketNumber: 'A1', counterNumber: 1, calledAt: 2 });
  assert.notEqual(a, b);
});

test('formatDuration picks seconds, minutes or hours', async () => {
  const { formatDuration } = await import('./format.ts');
  assert.equal(formatDuration(zh, 45_000), '45 秒');
  assert.equal(formatDuration(zh, -1), '0 秒');
  assert.equal(formatDuration(zh, 12 * 60_000 + 59_000), '12 分钟');
  assert.equal(formatDuration(en, 125 * 60_000), '2 h 5 min');
});

test("a ticket's service follows the screen language, falling back to the ticket's own name", () => {
  const services = [{ id: 'assistance', name: '低保救助', nameEn: 'Social assistance' }];
  const ticket = { serviceId: 'assistance', serviceName: '低保救助' };
  assert.equal(ticketServiceLabel('en', services, ticket), 'Social assistance');
  assert.equal(ticketServiceLabel('zh-CN', services, ticket), '低保救助');
  assert.equal(ticketServiceLabel('en', [], ticket), '低保救助');
});

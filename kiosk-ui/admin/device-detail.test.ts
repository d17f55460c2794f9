import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translator } from '../shared/i18n.ts';
import { deviceDetailText } from './device-detail.ts';

const zh = translator('zh-CN');
const health = (detail: string) => ({ state: 'fault' as const, detail, since: 1 });

test('printer conditions keep their Chinese half, with the jobs waiting', () => {
  assert.equal(
    deviceDetailText('zh-CN', zh, health('缺纸 paper out; 纸仓盖打开 cover open; 2 job(s) waiting')),
    '缺纸；纸仓盖打开，2 个打印任务等待中',
  );
});

test('known English descriptions are translated, unknown ones summarised, English left as it is', () => {
  assert.equal(
    deviceDetailText('zh-CN', zh, health('connect ECONNREFUSED 127.0.0.1:9100')),
    '设备连接中断，正在重连',
  );
  assert.equal(
    deviceDetailText('zh-CN', zh, health('HID scanner 05e0:1200')),
    '键盘式扫码器（地址见系统日志）',
  );
  assert.equal(deviceDetailText('zh-CN', zh, health('flux capacitor low')), '其他状态，详情见系统日志');
  assert.equal(deviceDetailText('en', translator('en'), health('flux capacitor low')), 'flux capacitor low');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interpolate, LANGS, otherLang, translate, translator } from './i18n.ts';
import { en } from './messages-en.ts';
import { zh } from './messages-zh.ts';

test('Chinese is the default catalogue and English translates every key', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(zh).sort());
  for (const [key, text] of Object.entries(en))
    assert.notEqual(text.trim(), '', `empty English text for ${key}`);
});

test('placeholders match between Chinese and English for every key', () => {
  const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
    assert.deepEqual(names(en[key]), names(zh[key]), `placeholders differ for ${key}`);
  }
});

test('translate fills placeholders in the chosen language', () => {
  assert.equal(translate('zh-CN', 'call.text', { ticket: 'A001', counter: 3 }), '请 A001 号到 3 号窗口');
  assert.equal(
    translate('en', 'call.text', { ticket: 'A001', counter: 3 }),
    'Number A001, please go to counter 3',
  );
  assert.equal(translator('zh-CN')('admin.callNext'), '叫号');
});

test('a missing placeholder value stays visible instead of printing "undefined"', () => {
  assert.equal(
    interpolate('请 {ticket} 号到 {counter} 号窗口', { ticket: 'A1' }),
    '请 A1 号到 {counter} 号窗口',
  );
  assert.equal(interpolate('no params {x}'), 'no params {x}');
});

test('otherLang toggles between the two languages', () => {
  assert.deepEqual(LANGS, ['zh-CN', 'en']);
  assert.equal(otherLang('zh-CN'), 'en');
  assert.equal(otherLang('en'), 'zh-CN');
});

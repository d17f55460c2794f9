import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnsOf, leftRight, substitutePrintable, wrapColumns } from './chinese-text.ts';

test('a hanzi or full-width sign is two columns, ASCII one', () => {
  assert.equal(columnsOf('A001'), 4);
  assert.equal(columnsOf('社保卡'), 6);
  assert.equal(columnsOf('￥12'), 4);
  assert.equal(columnsOf(substitutePrintable('¥12')), 4);
});

test('wrapping never exceeds the width and keeps ASCII words whole', () => {
  const lines = wrapColumns('请携带 residence permit 原件办理', 12);
  for (const l of lines) assert.ok(columnsOf(l) <= 12, l);
  assert.ok(lines.includes('residence'));
  assert.ok(lines.some((l) => l.startsWith('permit')));
  assert.equal(lines.join('').replace(/ /g, ''), '请携带residencepermit原件办理');
});

test('a line never starts with ，。、）: the last character is carried down with it', () => {
  const lines = wrapColumns('甲乙丙丁戊、己庚', 10);
  assert.deepEqual(lines, ['甲乙丙丁', '戊、己庚']);
  assert.ok(lines.every((l) => !/^[，。、）]/.test(l)));
});

test('a word longer than the line is cut by characters', () => {
  assert.deepEqual(wrapColumns('https://q.example.cn/t/A001', 10), ['https://q.', 'example.cn', '/t/A001']);
});

test('leftRight fills exactly the width with hanzi counted twice', () => {
  const line = leftRight('户口簿', '复印件2份', 24);
  assert.equal(columnsOf(line), 24);
  assert.ok(line.startsWith('户口簿 '));
  assert.ok(line.endsWith(' 复印件2份'));
});

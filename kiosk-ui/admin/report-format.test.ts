import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translator } from '../shared/i18n.ts';
import { average, medianMinutes, ratio } from './report-format.ts';

const t = translator('zh-CN');

test('report cells: minutes to one decimal, percentages, averages; a missing figure is a dash, not 0', () => {
  assert.equal(medianMinutes(t, { count: 3, meanMs: 1, medianMs: 150_000 }), '2.5 分钟');
  assert.equal(medianMinutes(t, null), '—');
  assert.equal(ratio(t, 0.256), '26%');
  assert.equal(ratio(t, null), '—');
  assert.equal(average(t, 4.666), '4.7');
  assert.equal(average(t, null), '—');
});

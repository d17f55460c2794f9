import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCatalogueCsv } from './batch-file.ts';

const HEADER =
  'itemId,name,department,lifeEvents,legalLimitDays,promisedLimitDays,materials,guide,forms,serviceId,fee';

test('a catalogue CSV row may name the centres’ service and the fee (revision 2); without them the item has neither', () => {
  const ops = parseCatalogueCsv(
    `${HEADER}\nshengyu,生育津贴申领,区医保局,birth|marriage-family,15,4,身份证|出生医学证明,指南,申领表=https://yb.example.cn/f.pdf,social-security,免费\nretire,退休申请,区人社局,retirement,30,15,身份证,指南,,,\n`,
  );
  assert.deepEqual(ops[0], {
    op: 'put',
    key: 'shengyu',
    value: {
      itemId: 'shengyu',
      name: '生育津贴申领',
      department: '区医保局',
      lifeEvents: ['birth', 'marriage-family'],
      legalLimitDays: 15,
      promisedLimitDays: 4,
      materials: ['身份证', '出生医学证明'],
      guide: '指南',
      forms: [{ name: '申领表', url: 'https://yb.example.cn/f.pdf' }],
      serviceId: 'social-security',
      fee: '免费',
    },
  });
  const retire = ops[1];
  assert.ok(retire?.op === 'put');
  assert.equal('serviceId' in (retire.value as object), false);
  assert.equal('fee' in (retire.value as object), false);
});

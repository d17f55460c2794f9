import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaseItemView, ServiceView } from '../../contract/api.ts';
import { byDepartment, byLifeEvent, guideEntries } from './guide-index.ts';

const item = (id: string, department?: string, lifeEvents?: string[]): CaseItemView => ({
  id,
  name: id,
  legalLimitDays: 20,
  promisedLimitDays: 5,
  materials: [],
  fee: '免费',
  ...(department ? { department } : {}),
  ...(lifeEvents ? { lifeEvents } : {}),
});
const service = (id: string, caseItems: CaseItemView[]): ServiceView => ({
  id,
  prefix: 'A',
  name: id,
  nameEn: id,
  requiresCard: false,
  caseItems,
});

const services = [
  service('social-security', [
    item('ssc', '区人社局', ['employment']),
    item('birth-ins', '区医保局', ['birth']),
  ]),
  service('assistance', [item('dibao'), item('funeral', '区人社局', ['after-death', 'retirement'])]),
  service('again', [item('ssc', '区人社局', ['employment'])]),
];

test('each item once, under the first service offering it', () => {
  const entries = guideEntries(services);
  assert.deepEqual(
    entries.map((e) => `${e.service.id}/${e.item.id}`),
    ['social-security/ssc', 'social-security/birth-ins', 'assistance/dibao', 'assistance/funeral'],
  );
});

test('by department: in the order departments first appear, undescribed items last', () => {
  const groups = byDepartment(guideEntries(services));
  assert.deepEqual(
    groups.map((g) => [g.department, g.entries.map((e) => e.item.id)]),
    [
      ['区人社局', ['ssc', 'funeral']],
      ['区医保局', ['birth-ins']],
      [null, ['dibao']],
    ],
  );
});

test('by life event: all six from birth to death, an item under each of its events', () => {
  const groups = byLifeEvent(guideEntries(services));
  assert.deepEqual(
    groups.map((g) => [g.event, g.entries.map((e) => e.item.id)]),
    [
      ['birth', ['birth-ins']],
      ['schooling', []],
      ['employment', ['ssc']],
      ['marriage-family', []],
      ['retirement', ['funeral']],
      ['after-death', ['funeral']],
    ],
  );
});

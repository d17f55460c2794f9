import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaseView, ServiceView } from '../../contract/api.ts';
import { groupCases, isClosed, itemMaterials } from './case-groups.ts';

function aCase(over: Partial<CaseView>): CaseView {
  return {
    id: over.number ?? 'x',
    number: '20261128-0001',
    serviceId: 'assistance',
    itemName: '最低生活保障申请',
    state: 'accepted',
    level: 'normal',
    worstLevel: 'normal',
    applicantMasked: '王*明',
    acceptedDay: '2026-11-28',
    promisedDeadline: '2026-12-25',
    legalDeadline: '2027-01-08',
    workingDaysLeft: 20,
    overdueWorkingDays: null,
    missingMaterials: [],
    materials: [],
    clerk: 'clerk',
    flaggedForReview: false,
    ...over,
  };
}

test('open cases go under their level, nearest deadline first; closed ones apart, newest first', () => {
  const groups = groupCases([
    aCase({ number: 'n-late', promisedDeadline: '2026-12-30' }),
    aCase({ number: 'n-soon', promisedDeadline: '2026-12-01' }),
    aCase({ number: 'red', level: 'red', state: 'suspended' }),
    aCase({ number: 'w', level: 'warning', state: 'in-progress' }),
    aCase({ number: 'done-1', state: 'completed', level: 'yellow' }),
    aCase({ number: 'done-2', state: 'refused' }),
  ]);
  assert.deepEqual(
    groups.open.normal.map((c) => c.number),
    ['n-soon', 'n-late'],
  );
  assert.deepEqual(
    groups.open.red.map((c) => c.number),
    ['red'],
  );
  assert.deepEqual(
    groups.open.warning.map((c) => c.number),
    ['w'],
  );
  assert.deepEqual(groups.open.yellow, [], 'a completed yellow case is not on the yellow column');
  assert.deepEqual(
    groups.closed.map((c) => c.number),
    ['done-2', 'done-1'],
  );
  assert.equal(isClosed({ state: 'suspended' }), false);
});

test("the materials offered when suspending are the case item's, or none for an unknown item", () => {
  const services = [
    {
      id: 'assistance',
      caseItems: [{ id: 'd', name: '最低生活保障申请', materials: ['户口簿', '银行卡'] }],
    },
  ] as unknown as ServiceView[];
  assert.deepEqual(itemMaterials(services, aCase({})), ['户口簿', '银行卡']);
  assert.deepEqual(itemMaterials(services, aCase({ itemName: '别的事项' })), []);
  assert.deepEqual(itemMaterials([], aCase({})), []);
});

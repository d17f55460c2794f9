import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { oneCase } from './case-fixture.ts';
import { caseProgress } from './progress.ts';
import { beijing, removeTestDirs } from './test-support.ts';

after(removeTestDirs);

test('progress shows working days left, then overdue, then what is missing, with the name masked', async () => {
  const clock = { t: beijing('2025-09-26', 10) };
  const { cases, cal, c } = await oneCase(clock);
  // deadline 9/30: from 9/26 three working days left (9/28 make-up, 9/29, 9/30)
  const p = caseProgress(c, cal, '2025-09-26');
  assert.equal(p.workingDaysLeft, 3);
  assert.equal(p.overdueWorkingDays, null);
  assert.equal(p.applicantMasked, '王*');
  assert.doesNotMatch(JSON.stringify(p), /sealed-bytes|hmac-applicant/);
  assert.equal(caseProgress(c, cal, '2025-09-30').workingDaysLeft, 0);
  const late = caseProgress(c, cal, '2025-10-10');
  assert.equal(late.workingDaysLeft, null);
  assert.equal(late.overdueWorkingDays, 2, '10/9 and 10/10');
  const suspended = await cases.suspend(c.id, { clerk: 'li', missingMaterials: ['收入证明'] });
  const s = caseProgress(suspended, cal, '2025-10-10');
  assert.deepEqual(s.missingMaterials, ['收入证明']);
  assert.equal(s.workingDaysLeft, null, 'the clock is stopped');
  const refused = await cases.refuse(c.id, { clerk: 'li', reason: '材料逾期未补正', kind: 'not-accepted' });
  assert.equal(caseProgress(refused, cal, '2025-10-10').refusalReason, '材料逾期未补正');
});

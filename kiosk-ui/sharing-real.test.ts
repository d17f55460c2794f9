/**
 * What central shares down, on the screens, in Chromium against the demo as `npm start` runs it:
 * a department's steps entered on the central console show on the kiosk's progress lookup (with
 * the promised and the legal date, each named) and on the admin panel's case card; a catalogue
 * change published there is what the kiosk's 办事指南 shows and prints as a materials checklist.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sharingApi } from '../contract/sharing-api.ts';
import { DEMO_DISTRICT } from '../demo/sharing.ts';
import { DEMO_ACCOUNTS as CENTRAL_ACCOUNTS } from '../fleet/index.ts';
import { consoleLogin } from '../test/support/console-http.ts';
import { stateWithGuide } from '../test/support/guide-state.ts';
import { acceptCaseAt, staffApi, until } from '../test/support/sharing-kiosk.ts';
import { DEMO_PASSWORD, type RealHarness, startRealHarness } from './test-support/real-appliance.ts';

let h: RealHarness;
before(async () => {
  h = await startRealHarness();
});
after(async () => {
  await h?.close();
});

test('the deciding department’s steps show on the kiosk’s progress screen and on the admin panel, dates labelled', async () => {
  const api = await staffApi(h.url, 'clerk', DEMO_PASSWORD);
  const c = await acceptCaseAt(h.sim.running, api, 7, 'ssc-new');
  await until(
    'the case at central',
    async () => (await h.sim.centralDb!.query('SELECT 1 FROM cases WHERE case_id = $1', [c.id])).length > 0,
  );
  const who = CENTRAL_ACCOUNTS.find((a) => a.role === 'supervisor')!;
  const supervisor = await consoleLogin(h.sim.central!.url, who.username, who.password);
  const kioskId = h.sim.running.appliance.config.kioskId;
  for (const step of [
    { step: 'in-review', note: '材料审核中', at: Date.parse('2026-12-02T10:00:00+08:00') },
    { step: 'approved', at: Date.parse('2026-12-03T10:00:00+08:00') },
  ]) {
    const res = await supervisor.post(sharingApi.progress, {
      kioskId,
      caseId: c.id,
      department: '区人社局',
      ...step,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  const summary = await until('both steps at the kiosk', async () => {
    const r = await api('POST', '/api/cases/lookup', {
      receiptNo: c.number,
      idTail: c.applicantMaskedNumber.slice(-4),
      withCard: false,
    });
    const found = (
      r.json as { cases: Array<{ backOffice?: unknown[]; promisedDeadline: string; legalDeadline: string }> }
    ).cases[0];
    return found?.backOffice?.length === 2 && found;
  });

  const page = await h.open('/kiosk/');
  await page.getByTestId('side-progress').click();
  await page.getByTestId('lookup-code').fill(c.number);
  await page.getByTestId('lookup-id-tail').fill(c.applicantMaskedNumber.slice(-4));
  await page.getByRole('button', { name: '查询', exact: true }).click();
  const row = page.getByTestId('case-row');
  await row.getByTestId('case-back-office').waitFor();
  assert.equal(
    await row.getByTestId('case-promised').textContent(),
    `承诺办结日期：${summary.promisedDeadline}`,
  );
  assert.equal(await row.getByTestId('case-legal').textContent(), `法定办结日期：${summary.legalDeadline}`);
  assert.deepEqual(await row.getByTestId('back-office-step').allTextContents(), [
    '2026-12-02 部门审核中：材料审核中',
    '2026-12-03 审批通过',
  ]);
  assert.match((await row.getByTestId('case-back-office').textContent()) ?? '', /区人社局办理进度/);
  await page.close();

  const admin = await h.open('/admin/');
  await h.signIn(admin);
  await admin.getByTestId('tab-cases').click();
  const card = admin.locator(`[data-testid="case-card"][data-case-number="${c.number}"]`);
  await card.getByTestId('case-back-office').waitFor();
  assert.deepEqual(await card.getByTestId('back-office-step').allTextContents(), [
    '2026-12-02 部门审核中：材料审核中',
    '2026-12-03 审批通过',
  ]);
  await admin.close();
});

test('a catalogue change published on the central console shows in the kiosk’s guide, which prints its checklist', async () => {
  const who = CENTRAL_ACCOUNTS.find((a) => a.role === 'operator')!;
  const operator = await consoleLogin(h.sim.central!.url, who.username, who.password);
  const materials = ['居民身份证', '户口簿', '家庭收入及财产申报表', '银行卡'];
  const res = await operator.post(sharingApi.catalogue, {
    scope: 'district',
    scopeId: DEMO_DISTRICT,
    put: [
      {
        itemId: 'dibao-apply',
        name: '最低生活保障审核确认',
        department: '区民政局',
        lifeEvents: ['employment', 'retirement'],
        legalLimitDays: 30,
        promisedLimitDays: 15,
        materials,
        guide: '街道初审后报区民政局审核确认。',
        forms: [],
      },
    ],
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const api = await staffApi(h.url, 'clerk', DEMO_PASSWORD);
  await until('the change in the guide', async () => {
    const s = await stateWithGuide(async (path) => (await api('GET', path)).json);
    return s.services.some((v) => v.caseItems.some((i) => i.name === '最低生活保障审核确认'));
  });
  const page = await h.open('/kiosk/');
  await page.getByTestId('side-guide').click();
  await page.getByRole('button', { name: '低保救助' }).click();
  const item = page.getByTestId('guide-item');
  await item.getByText('最低生活保障审核确认').waitFor();
  assert.deepEqual(await item.getByTestId('guide-materials').locator('li').allTextContents(), materials);
  assert.equal(await item.getByTestId('guide-promised').textContent(), '15 个工作日');
  assert.equal(await item.getByTestId('guide-department').textContent(), '区民政局');
  assert.equal(await item.getByTestId('guide-life-events').textContent(), '就业、退休');
  assert.equal(await item.getByTestId('guide-text').textContent(), '街道初审后报区民政局审核确认。');
  const job = h.nextPrintJob();
  await item.getByTestId('guide-print').click();
  const printed = await job;
  assert.match(printed.text, /办事材料清单/);
  for (const m of materials) assert.ok(printed.text.includes(m), `the checklist lists ${m}`);
  await item.getByTestId('guide-print-status').getByText('已打印，请在出票口取走材料清单').waitFor();
  await page.close();
});

/**
 * The central console end to end, 今日概况, 实时监察 and 决策辅助: a centre’s day drilled down to tickets and cases, a case’s timeline, the breakdown by centre and its CSV.
 * Transactions from two centres go through mosquitto into ingest and PostgreSQL, and the pages,
 * opened in Chromium by users of each role, show what they say (test/support/central-console-fixture.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addDays,
  type ConsoleFixture,
  consoleStream,
  startConsoleFixture,
} from '../../test/support/central-console-fixture.ts';
import type { RunningCentral } from './start.ts';

describe('central console in Chromium against PostgreSQL, fed through mosquitto: 今日概况, 实时监察 and 决策辅助', () => {
  const facts = consoleStream();
  const { today, stream, busyDay, issuedOn, acceptedOn } = facts;
  let fixture: ConsoleFixture;
  let central: RunningCentral;
  const loginAs = (username: string, password: string) => fixture.loginAs(username, password);

  before(async () => {
    fixture = await startConsoleFixture(facts);
    central = fixture.central;
  });

  after(async () => {
    await fixture?.close();
  });

  test('the supervisor sees each centre’s day and drills from a figure to its tickets and cases', async () => {
    assert.ok(issuedOn('centre-01', busyDay) > 0);
    const { context, page } = await loginAs('jiancha', 'demo-jiancha-1');
    await page.goto(`${central.url}#/today?day=${busyDay}`);
    const issued = page.getByTestId('issued-centre-01');
    assert.equal(await issued.textContent(), String(issuedOn('centre-01', busyDay)));
    assert.match((await page.getByTestId('today-table').textContent()) ?? '', /幸福街道社区服务中心/);
    await issued.click();
    await page.getByTestId('tickets-table').waitFor();
    assert.equal(await page.getByTestId('total').textContent(), `共 ${issuedOn('centre-01', busyDay)} 条`);
    await page.goto(`${central.url}#/today?day=${busyDay}`);
    const accepted = acceptedOn('centre-02', busyDay, busyDay);
    if (accepted > 0) {
      await page.getByTestId('accepted-centre-02').click();
      await page.getByTestId('cases-table').waitFor();
      assert.equal(await page.getByTestId('total').textContent(), `共 ${accepted} 条`);
    }
    await context.close();
  });

  test('a case opens with its whole timeline: every step the kiosk sent, with clerk and deadlines', async () => {
    const suspend = stream.find((t) => t.body.change === 'suspend')!;
    const steps = stream.filter((t) => t.kiosk === suspend.kiosk && t.body.caseId === suspend.body.caseId);
    const { context, page } = await loginAs('jiancha', 'demo-jiancha-1');
    await page.goto(`${central.url}#/cases?centre=${suspend.kiosk}&number=${suspend.body.number}`);
    await page
      .getByTestId('cases-table')
      .locator('a', { hasText: String(suspend.body.number) })
      .click();
    await page.getByTestId('timeline').waitFor();
    assert.equal(await page.getByTestId('timeline').locator('li').count(), steps.length);
    const text = (await page.getByTestId('timeline').textContent()) ?? '';
    assert.match(text, /补正告知/);
    assert.match(text, /户口簿复印件/);
    assert.match(text, new RegExp(String(steps[0]!.body.clerk)));
    assert.match((await page.locator('dl.facts').textContent()) ?? '', /承诺期限/);
    await context.close();
  });

  test('the breakdown by centre counts what was accepted, links to that list, and any list exports as CSV', async () => {
    const from = addDays(today, -20);
    const { context, page } = await loginAs('lingdao', 'demo-lingdao-1');
    await page.goto(`${central.url}#/trends?by=week&from=${from}&to=${today}`);
    const expected = acceptedOn('centre-01', from, today);
    const cell = page.getByTestId('bd-accepted-centre-01');
    assert.equal(await cell.textContent(), String(expected));
    await cell.click();
    await page.getByTestId('cases-table').waitFor();
    assert.equal(await page.getByTestId('total').textContent(), `共 ${expected} 条`);
    const csvHref = await page.getByTestId('csv').getAttribute('href');
    const csv = await context.request.get(new URL(csvHref!, central.url).toString());
    assert.equal(csv.status(), 200);
    const body = await csv.text();
    assert.ok(body.startsWith('\uFEFF中心 centre,办件编号'), 'BOM and Chinese headers');
    assert.equal(body.trim().split('\r\n').length, expected + 1);
    await context.close();
  });
});

/**
 * The central console end to end, 好差评: a supervisor closes a 差评’s loop and the admin finds the acts in the audit log.
 * Transactions from two centres go through mosquitto into ingest and PostgreSQL, and the pages,
 * opened in Chromium by users of each role, show what they say (test/support/central-console-fixture.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type ConsoleFixture,
  consoleStream,
  startConsoleFixture,
} from '../../test/support/central-console-fixture.ts';
import type { RunningCentral } from './start.ts';

describe('central console in Chromium against PostgreSQL, fed through mosquitto: 好差评', () => {
  const facts = consoleStream();
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

  test('the supervisor closes a 差评’s loop (reply, 回访) and the admin finds both acts in the audit log', async () => {
    const { context, page } = await loginAs('jiancha', 'demo-jiancha-1');
    await page.goto(`${central.url}#/rectifications`);
    const form = page.locator('form.act').first();
    const ratingId = (await form.getAttribute('data-testid'))!.replace(/^act-/, '');
    await form.locator('input[aria-label="内容"]').fill('已增开一个窗口并约谈当事人');
    await form.locator('button[type=submit]').click();
    const replied = page.getByTestId(`act-${ratingId}`);
    await page.locator('td', { hasText: '已增开一个窗口' }).waitFor();
    await replied.locator('select').selectOption('visit');
    await replied.locator('input[aria-label="内容"]').fill('电话回访，群众满意');
    await replied.locator('button[type=submit]').click();
    await page.locator('td', { hasText: '电话回访，群众满意' }).waitFor();
    const [row] = await central.db.query<{ state: string }>(
      'SELECT state FROM rectifications WHERE rating_id = $1',
      [ratingId],
    );
    assert.equal(row!.state, 'visited');
    assert.notEqual(await page.getByTestId('kpi-visit').textContent(), '0%回访率');
    await context.close();

    const admin = await loginAs('admin', 'demo-admin-123');
    await admin.page.goto(`${central.url}#/audit?action=rectification&result=ok`);
    await admin.page.getByTestId('audit-table').waitFor();
    assert.equal(await admin.page.getByTestId('audit-table').locator('tbody tr').count(), 2);
    await admin.page.getByRole('button', { name: '校验哈希链' }).click();
    await admin.page.getByTestId('chain').getByText('哈希链完整').waitFor();
    await admin.context.close();
  });
});

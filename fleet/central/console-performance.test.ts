/**
 * The central console end to end, 绩效评估: the monthly ranking as chart and table, the report as Chinese PDF and CSV.
 * Transactions from two centres go through mosquitto into ingest and PostgreSQL, and the pages,
 * opened in Chromium by users of each role, show what they say (test/support/central-console-fixture.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addDays,
  type ConsoleFixture,
  consoleStream,
  pdfCharacters,
  startConsoleFixture,
} from '../../test/support/central-console-fixture.ts';
import type { RunningCentral } from './start.ts';

describe('central console in Chromium against PostgreSQL, fed through mosquitto: 绩效评估', () => {
  const facts = consoleStream();
  const { today } = facts;
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

  test('绩效评估: last month’s ranking as a chart and a table, and the monthly report as Chinese PDF and CSV', async () => {
    const { context, page } = await loginAs('lingdao', 'demo-lingdao-1');
    // The month the stream starts in always has data (the stream covers the 20 days before today).
    const month = addDays(today, -20).slice(0, 7);
    await page.goto(`${central.url}#/performance?month=${month}`);
    const table = page.getByTestId('score-table');
    await table.waitFor();
    assert.equal(await table.locator('tbody tr').count(), 2, 'both centres are ranked');
    assert.match((await table.textContent()) ?? '', /幸福街道社区服务中心/);
    assert.ok(
      (await page.getByTestId('ranking-chart').locator('svg').count()) > 0,
      'ECharts drew the ranking',
    );
    const pdf = await context.request.get(`${central.url}api/performance/report.pdf?month=${month}`);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal(
      Buffer.from(await pdf.body())
        .subarray(0, 5)
        .toString(),
      '%PDF-',
    );
    const csv = await (
      await context.request.get(`${central.url}api/performance/report.csv?month=${month}`)
    ).text();
    assert.ok(csv.startsWith('\uFEFF名次 rank'));
    assert.equal(csv.trim().split('\r\n').length, 3);
    // Per clerk: the page's PDF link follows the chosen grouping, and the PDF says whom it ranks.
    await page.goto(`${central.url}#/performance?month=${month}&by=clerk`);
    const href = await page.getByTestId('report-pdf').getAttribute('href');
    assert.match(href ?? '', /by=clerk/);
    const byClerk = await context.request.get(new URL(href!, central.url).toString());
    assert.match(byClerk.headers()['content-disposition'] ?? '', /performance-.*-clerk\.pdf/);
    for (const ch of '按办理人') assert.ok(pdfCharacters(Buffer.from(await byClerk.body())).has(ch), ch);
    await context.close();
  });
});

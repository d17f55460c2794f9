/**
 * 绩效评估's scoring standard edited in Chromium against PostgreSQL: an admin saves new weights as
 * a new version from a month on, the month's scores are recomputed with it (the month before keeps
 * its version), a standard whose weights do not add up is refused, the act is audited, versions are
 * append-only, and a supervisor sees the standard but cannot change it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PerformanceResponse, StandardsResponse } from '../../contract/central-performance-api.ts';
import { consoleLogin } from '../../test/support/console-http.ts';
import { type PostgresServer, startPostgres } from '../../test/support/postgres.ts';
import { buildConsoleWeb } from '../console-web/build.ts';
import { storeBatch } from '../ingest/store-batch.ts';
import { previousMonth } from '../performance/scores.ts';
import { centreDay } from '../projections/centre-day.ts';
import { districtStream, simDirectory } from '../simulate/district-stream.ts';
import { type RunningCentral, startCentral } from './start.ts';

const addDays = (d: string, n: number) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
};

/** The marks the standard gives a value: its weight at `full`, none at `zero`, linear between. */
const marksOf = (ind: { weight: number; full: number; zero: number }, v: number | null) =>
  v === null ? ind.weight : ind.weight * Math.min(1, Math.max(0, (v - ind.zero) / (ind.full - ind.zero)));

describe('绩效评估 scoring standard, edited by an admin in Chromium', () => {
  let pg: PostgresServer;
  let central: RunningCentral;
  let browser: Browser;
  let webDir: string;
  const today = centreDay(Date.now(), 'Asia/Shanghai');
  // Two months of two centres: the month being scored and the one before it.
  const first = addDays(today, -45);
  const month = addDays(today, -15).slice(0, 7);

  async function open(username: string, password: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(central.url);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.getByTestId('who').waitFor();
    await page.goto(`${central.url}#/performance?month=${month}`);
    await page.getByTestId('standard-table').waitFor();
    return page;
  }

  before(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'shequ-console-web-'));
    [pg] = await Promise.all([startPostgres(), buildConsoleWeb(webDir)]);
    central = await startCentral({ db: pg.url, directory: simDirectory(2), demoAccounts: true, webDir });
    const txs = [...districtStream({ centres: 2, from: first, days: 46, ticketsPerDay: 10, seed: 7 })];
    for (let i = 0; i < txs.length; i += 500)
      await storeBatch(
        central.db,
        'setup',
        txs
          .slice(i, i + 500)
          .map((tx) => ({ topic: '', payload: Buffer.alloc(0), parsed: { kind: 'valid', tx } })),
      );
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
    await central?.close();
    await pg?.stop();
    await rm(webDir, { recursive: true, force: true });
  });

  test('an admin saves new weights as a new version; the month is rescored with it, and audited', async () => {
    const admin = await consoleLogin(central.url, 'admin', 'demo-admin-123');
    const before = await admin.get<PerformanceResponse>(`/api/performance?month=${month}`);
    assert.ok(Value.Check(PerformanceResponse, before.body), 'scores answer as the contract says');
    const oldVersion = before.body.standard.version;
    assert.equal(before.body.rows.length, 2, 'both centres are scored');

    const page = await open('admin', 'demo-admin-123');
    assert.equal(await page.getByTestId('standard-version').textContent(), oldVersion);
    // Waiting counts for everything: the other weights move to it, and 0–1 minutes is its range.
    const weights: Record<string, string> = {
      on_time_rate: '10',
      overdue_per_100: '5',
      cards_per_100: '5',
      poor_rate: '5',
      rectified_on_time_rate: '5',
      visit_rate: '5',
      avg_wait_min: '60',
      avg_handle_min: '5',
    };
    for (const [id, w] of Object.entries(weights)) await page.fill(`input[name="${id}.weight"]`, w);
    await page.fill('input[name="avg_wait_min.full"]', '0');
    await page.fill('input[name="avg_wait_min.zero"]', '1');
    assert.match((await page.getByTestId('weight-sum').textContent()) ?? '', /100/);
    await page.fill('input[name=from]', month);
    await page.fill('input[name=note]', '区政务办2号文：等候时长权重上调');
    await page.getByTestId('standard-form').locator('button[type=submit]').click();
    const message = page.getByTestId('standard-message');
    await message.waitFor();
    const version = /(\d{4}\.\d+)/.exec((await message.textContent()) ?? '')?.[1];
    assert.ok(version && version !== oldVersion, `a new version: ${await message.textContent()}`);
    await page.getByTestId('standard-version').filter({ hasText: version }).waitFor();

    const after = await admin.get<PerformanceResponse>(`/api/performance?month=${month}`);
    assert.equal(after.body.standard.version, version, 'the month is scored with the new version');
    const wait = after.body.standard.indicators.find((i) => i.id === 'avg_wait_min')!;
    assert.deepEqual([wait.weight, wait.full, wait.zero], [60, 0, 1]);
    for (const row of after.body.rows) {
      const expected = after.body.standard.indicators.reduce(
        (n, i) => n + marksOf(i, row.values[i.id] ?? null),
        0,
      );
      assert.ok(Math.abs(row.total - expected) < 0.5, `${row.key}: ${row.total} vs ${expected}`);
    }
    assert.notDeepEqual(
      after.body.rows.map((r) => r.total),
      before.body.rows.map((r) => r.total),
      'the scores changed with the standard',
    );
    // The page's table shows the rescored totals.
    const table = page.getByTestId('score-table');
    for (const row of after.body.rows)
      await table.getByText(String(row.total), { exact: true }).first().waitFor();
    const earlier = await admin.get<PerformanceResponse>(`/api/performance?month=${previousMonth(month)}`);
    assert.equal(earlier.body.standard.version, oldVersion, 'the month before keeps the version it had');

    const standards = await admin.get<StandardsResponse>(`/api/performance/standards?month=${month}`);
    assert.ok(Value.Check(StandardsResponse, standards.body), 'standards answer as the contract says');
    assert.equal(standards.body.current, version);
    assert.equal(standards.body.versions[0]!.createdBy, 'admin');
    const audit = await central.db.query<{ actor: string; target: string; result: string }>(
      `SELECT actor, target, result FROM audit_log WHERE action = 'performance.standard-save'`,
    );
    assert.deepEqual(audit, [{ actor: 'admin', target: version, result: 'ok' }]);
    await assert.rejects(
      central.db.query(`UPDATE scoring_standards SET note = 'changed' WHERE version = $1`, [version]),
      /append-only/,
    );
    await page.context().close();
  });

  test('weights that do not add up to 100 are refused, on the page and over HTTP', async () => {
    const page = await open('admin', 'demo-admin-123');
    const versions = (await central.db.query('SELECT 1 FROM scoring_standards')).length;
    await page.fill('input[name="on_time_rate.weight"]', '90');
    assert.doesNotMatch((await page.getByTestId('weight-sum').textContent()) ?? '', /合计 100$/);
    await page.fill('input[name=note]', 'too much');
    await page.getByTestId('standard-form').locator('button[type=submit]').click();
    const message = page.getByTestId('standard-message');
    await message.waitFor();
    assert.match((await message.textContent()) ?? '', /not 100/);
    assert.equal((await page.getByTestId('standard-message').getAttribute('role')) ?? '', 'alert');
    const admin = await consoleLogin(central.url, 'admin', 'demo-admin-123');
    const bad = await admin.post<{ code: string }>('/api/performance/standards', {
      from: month,
      indicators: [{ id: 'on_time_rate', name: 'x', weight: 100, full: 5, zero: 5 }],
      note: 'full equals zero',
    });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.code, 'standard.invalid');
    const junk = await admin.post<{ code: string }>('/api/performance/standards', { from: '2025-13' });
    assert.equal(junk.status, 422);
    assert.equal(
      (await central.db.query('SELECT 1 FROM scoring_standards')).length,
      versions,
      'nothing saved',
    );
    await page.context().close();
  });

  test('a supervisor sees the standard but has no form, and the server refuses the change', async () => {
    const page = await open('jiancha', 'demo-jiancha-1');
    assert.equal(await page.getByTestId('standard-form').count(), 0);
    assert.equal(await page.locator('input[name="on_time_rate.weight"]').count(), 0);
    const supervisor = await consoleLogin(central.url, 'jiancha', 'demo-jiancha-1');
    const refused = await supervisor.post('/api/performance/standards', {
      from: month,
      indicators: [{ id: 'on_time_rate', name: '按时办结率', weight: 100, full: 100, zero: 80 }],
      note: 'not mine to change',
    });
    assert.equal(refused.status, 403);
    await page.context().close();
  });
});

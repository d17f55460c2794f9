/**
 * The central console end to end: transactions from two centres go through mosquitto into ingest
 * and PostgreSQL, and each page, opened in Chromium by users of each role, shows what they say.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { inflateSync } from 'node:zlib';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { MqttClient } from 'mqtt';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import {
  BreakdownResponse,
  CaseDetailResponse,
  CaseListResponse,
  CentralError,
  CentralSession,
  centralApiPaths,
  centralListPaths,
  FocusListResponse,
  LevelListResponse,
  NoticeListResponse,
  NotificationsResponse,
  PerformanceResponse,
  PerformanceTrendResponse,
  RatingListResponse,
  RectificationListResponse,
  StandardsResponse,
  TicketListResponse,
  TodayResponse,
  TrendResponse,
} from '../../contract/central-api.ts';
import { type TxEnvelope, topics } from '../../contract/mqtt.ts';
import { loadHolidayCalendar } from '../../platform/calendar/index.ts';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { connectClient } from '../../test/support/mqtt.ts';
import { type PostgresServer, startPostgres } from '../../test/support/postgres.ts';
import { buildConsoleWeb } from '../console-web/build.ts';
import { centreDay } from '../projections/centre-day.ts';
import { districtStream, simDirectory } from '../simulate/district-stream.ts';
import { type RunningCentral, startCentral } from './start.ts';

const addDays = (d: string, n: number) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
};

/** The characters a PDF's embedded fonts map glyphs to (their ToUnicode maps): its text. */
function pdfCharacters(pdf: Buffer): Set<string> {
  const maps = [...pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)endstream/g)]
    .map((m) => {
      try {
        return inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
      } catch {
        return '';
      }
    })
    .filter((s) => s.includes('beginbfrange') || s.includes('beginbfchar'))
    .join('\n');
  const out = new Set<string>();
  for (const hex of maps.matchAll(/<([0-9a-fA-F]{4})>/g))
    out.add(String.fromCodePoint(Number.parseInt(hex[1]!, 16)));
  return out;
}

describe('central console in Chromium against PostgreSQL, fed through mosquitto', () => {
  let pg: PostgresServer;
  let broker: MosquittoBroker;
  let central: RunningCentral;
  let browser: Browser;
  let webDir: string;
  let publisher: MqttClient;
  const today = centreDay(Date.now(), 'Asia/Shanghai');
  const stream: TxEnvelope[] = [
    ...districtStream({ centres: 2, from: addDays(today, -20), days: 21, ticketsPerDay: 12, seed: 11 }),
  ];
  /** One case left open past its promised deadline (the working day before today): a yellow card. */
  const overdueCaseId = 'overdue-case-1';
  const calendar = loadHolidayCalendar(undefined);
  let lastWorkday = addDays(today, -1);
  while (!calendar.isWorkingDay(lastWorkday)) lastWorkday = addDays(lastWorkday, -1);
  stream.push({
    v: 1,
    kiosk: 'centre-01',
    txId: '01J00000000000000000000001',
    seq: Math.max(...stream.filter((t) => t.kiosk === 'centre-01').map((t) => t.seq)) + 1,
    type: 'case.accepted',
    ts: Date.now() - 86_400_000,
    body: {
      caseId: overdueCaseId,
      number: '20990101-0001',
      applicantRef: 'a1b2c3d4e5f6',
      change: 'accepted',
      state: 'in-progress',
      level: 'yellow',
      worstLevel: 'yellow',
      serviceId: 'assistance',
      itemId: 'dibao',
      clerk: 'clerk1',
      counterId: 'w1',
      acceptedDay: addDays(lastWorkday, -21),
      legalLimitDays: 30,
      promisedLimitDays: 15,
      pausedWorkingDays: 0,
      promisedDeadline: lastWorkday,
      legalDeadline: addDays(today, 20),
      provisional: false,
    },
  });
  /** A refusal with no stated reason, which 重点监察 must flag. */
  stream.push({
    v: 1,
    kiosk: 'centre-02',
    txId: '01J00000000000000000000002',
    seq: Math.max(...stream.filter((t) => t.kiosk === 'centre-02').map((t) => t.seq)) + 1,
    type: 'case.changed',
    ts: Date.now() - 3_600_000,
    body: {
      caseId: 'refused-case-1',
      number: '20990101-0002',
      applicantRef: 'f6e5d4c3b2a1',
      change: 'refuse',
      state: 'refused',
      level: 'normal',
      worstLevel: 'normal',
      serviceId: 'assistance',
      itemId: 'dibao',
      clerk: 'clerk2',
      acceptedDay: lastWorkday,
      legalLimitDays: 30,
      promisedLimitDays: 15,
      pausedWorkingDays: 0,
      promisedDeadline: addDays(today, 25),
      legalDeadline: addDays(today, 40),
      provisional: false,
      refusalReviewed: false,
    },
  });
  /** A 补正 told long after acceptance (by law it then counts as accepted): 重点监察 must flag it. */
  stream.push({
    v: 1,
    kiosk: 'centre-02',
    txId: '01J00000000000000000000003',
    seq: Math.max(...stream.filter((t) => t.kiosk === 'centre-02').map((t) => t.seq)) + 1,
    type: 'case.changed',
    ts: Date.now() - 7_200_000,
    body: {
      caseId: 'late-correction-1',
      number: '20990101-0003',
      applicantRef: 'abcdefabcdef',
      change: 'suspend',
      state: 'suspended',
      level: 'normal',
      worstLevel: 'normal',
      serviceId: 'elderly-care',
      itemId: 'elderly-allowance',
      clerk: 'clerk3',
      acceptedDay: addDays(today, -16),
      legalLimitDays: 20,
      promisedLimitDays: 10,
      pausedWorkingDays: 0,
      promisedDeadline: addDays(today, 5),
      legalDeadline: addDays(today, 20),
      provisional: false,
      missingMaterials: ['身份证复印件'],
    },
  });
  /** The last day with tickets: the day the 今日概况 test reads. */
  const busyDay = stream.filter((t) => t.type === 'ticket.issued').at(-1)!.body.day as string;

  async function loginAs(
    username: string,
    password: string,
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(central.url);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.getByTestId('who').waitFor();
    return { context, page };
  }

  before(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'shequ-console-web-'));
    [pg, broker] = await Promise.all([startPostgres(), startMosquitto(), buildConsoleWeb(webDir)]).then(
      ([p, b]) => [p, b] as const,
    );
    central = await startCentral({
      db: pg.url,
      broker: { url: broker.url },
      directory: simDirectory(2),
      demoAccounts: true,
      webDir,
    });
    publisher = await connectClient(broker.url, { clientId: 'two-centres', protocolVersion: 5 });
    for (const t of stream) publisher.publish(topics.tx(t.kiosk), JSON.stringify(t), { qos: 1 });
    for (let i = 0; i < 300; i++) {
      const [n] = await central.db.query<{ n: number }>('SELECT count(*)::int AS n FROM transactions');
      if (n!.n === stream.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await publisher?.endAsync();
    await central?.close();
    await Promise.all([broker?.stop(), pg?.stop()]);
    await rm(webDir, { recursive: true, force: true });
  });

  const issuedOn = (kiosk: string, day: string) =>
    stream.filter((t) => t.kiosk === kiosk && t.type === 'ticket.issued' && t.body.day === day).length;
  const acceptedOn = (kiosk: string, from: string, to: string) =>
    stream.filter(
      (t) =>
        t.kiosk === kiosk &&
        t.type === 'case.accepted' &&
        String(t.body.acceptedDay) >= from &&
        String(t.body.acceptedDay) <= to,
    ).length;

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

  test('a 领导 viewer sees rectifications but cannot act, and the server refuses if asked anyway', async () => {
    const { context, page } = await loginAs('lingdao', 'demo-lingdao-1');
    await page.goto(`${central.url}#/rectifications`);
    await page.getByTestId('rect-table').waitFor();
    assert.equal(await page.locator('form.act').count(), 0);
    const nav = (await page.locator('header nav').textContent()) ?? '';
    assert.doesNotMatch(nav, /用户管理|审计日志/);
    const [rect] = await central.db.query<{ kiosk_id: string; rating_id: string }>(
      'SELECT kiosk_id, rating_id FROM rectifications ORDER BY rating_id LIMIT 1',
    );
    const status = await page.evaluate(
      async (path) => {
        const s = await (await fetch('/api/session')).json();
        const res = await fetch(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrfToken },
          body: JSON.stringify({ action: 'reply', text: 'x' }),
        });
        return res.status;
      },
      `/api/rectifications/${rect!.kiosk_id}/${encodeURIComponent(rect!.rating_id)}/act`,
    );
    assert.equal(status, 403);
    await context.close();
  });

  test('an operator sees the kiosks and none of the supervision pages', async () => {
    const { context, page } = await loginAs('yunwei', 'demo-yunwei-1');
    const nav = (await page.locator('header nav').textContent()) ?? '';
    assert.match(nav, /终端状态/);
    assert.doesNotMatch(nav, /实时监察|好差评|差评整改/);
    const codes = await page.evaluate(async () =>
      Promise.all(
        ['/api/cases', '/api/ratings', '/api/rectifications'].map(async (p) => (await fetch(p)).status),
      ),
    );
    assert.deepEqual(codes, [403, 403, 403]);
    await context.close();
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

  test('预警纠错: the supervisor issues a 黄牌督办通知书, it comes as a Chinese PDF, the reply is recorded and a card revoked with its reason', async () => {
    const { context, page } = await loginAs('jiancha', 'demo-jiancha-1');
    await page.goto(`${central.url}#/supervision?tab=levels&level=yellow`);
    const table = page.getByTestId('level-table');
    await table.waitFor().catch(async (err: Error) => {
      throw new Error(`${err.message}\npage shows: ${await page.locator('main').textContent()}`);
    });
    const caseId = overdueCaseId;
    assert.match((await table.textContent()) ?? '', /20990101-0001/);
    await page.getByTestId(`issue-${caseId}`).click();
    const link = page.getByTestId(`pdf-${caseId}`);
    await link.waitFor();
    const pdf = await context.request.get(
      new URL((await link.getAttribute('href'))!, central.url).toString(),
    );
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    const bytes = Buffer.from(await pdf.body());
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const text = bytes.toString('latin1');
    assert.match(text, /FontFile/, 'the font is embedded');
    // The glyphs' ToUnicode map must name the title's characters: the PDF's text is Chinese.
    const maps = [...text.matchAll(/stream\r?\n([\s\S]*?)endstream/g)]
      .map((m) => {
        try {
          return inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
        } catch {
          return '';
        }
      })
      .filter((s) => s.includes('beginbfrange') || s.includes('beginbfchar'))
      .join('\n')
      .toLowerCase();
    for (const ch of '黄牌督办通知书')
      assert.ok(maps.includes(ch.codePointAt(0)!.toString(16).padStart(4, '0')), ch);

    await page.goto(`${central.url}#/supervision?tab=notices`);
    const [notice] = await central.db.query<{ id: number }>(
      'SELECT id FROM supervision_notices WHERE case_id = $1',
      [caseId],
    );
    const acts = page.getByTestId(`notice-act-${notice!.id}`);
    await acts.locator('input').fill('已于当日办结，超期原因为系统故障');
    await acts.getByRole('button', { name: '登记回告' }).click();
    await page.getByTestId('notice-table').getByText('已于当日办结，超期原因为系统故障').first().waitFor();
    await acts.locator('input').fill('系统误判，实际未超期');
    await acts.getByRole('button', { name: '撤销' }).click();
    await page.getByTestId('notice-table').getByText('撤销: 系统误判，实际未超期').waitFor();
    const [after] = await central.db.query<{ state: string; revoked_by: string }>(
      'SELECT state, revoked_by FROM supervision_notices WHERE id = $1',
      [notice!.id],
    );
    assert.deepEqual(after, { state: 'revoked', revoked_by: 'jiancha' });
    const audited = await central.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action LIKE 'notice.%' AND result = 'ok' ORDER BY id`,
    );
    assert.deepEqual(
      audited.map((a) => a.action),
      ['notice.issue', 'notice.reply', 'notice.revoke'],
    );

    await page.goto(
      `${central.url}#/supervision?tab=focus&kind=flags&from=${addDays(today, -20)}&to=${today}`,
    );
    await page.getByTestId('focus-table').waitFor();
    const unreasoned = stream.filter((t) => t.body.change === 'refuse' && !t.body.refusalReason).length;
    assert.equal(
      await page.getByTestId('focus-table').getByText('未说明理由').count(),
      Math.min(unreasoned, 50),
    );
    await context.close();
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

  test('the console API answers as contract/central-api.ts says', async () => {
    const { context } = await loginAs('jiancha', 'demo-jiancha-1');
    const get = async (path: string) => {
      const res = await context.request.get(new URL(path.slice(1), central.url).toString());
      assert.equal(res.status(), 200, path);
      return res.json();
    };
    const problems: Record<string, string[]> = {};
    const conforms = (schema: TSchema, value: unknown, what: string) => {
      const errors = [...Value.Errors(schema, value)].slice(0, 3).map((e) => `${e.path}: ${e.message}`);
      if (errors.length) problems[what] = errors;
    };
    conforms(CentralSession, await get(centralApiPaths.session), 'session');
    conforms(TodayResponse, await get(`${centralApiPaths.today}?day=${busyDay}`), 'today');
    conforms(TrendResponse, await get(`${centralApiPaths.trend}?by=month`), 'trend');
    const list = (await get(`${centralApiPaths.cases}?state=closed`)) as CaseListResponse;
    conforms(CaseListResponse, list, 'cases');
    assert.ok(list.rows.length > 0);
    const one = list.rows[0]!;
    conforms(CaseDetailResponse, await get(centralApiPaths.caseDetail(one.kiosk_id, one.case_id)), 'case');
    conforms(
      NotificationsResponse,
      await get(`${centralApiPaths.notifications}?ref=case&id=${one.case_id}`),
      'notifications',
    );
    // Every list page, with rows to check (not only the empty shape).
    const listed = async (schema: TSchema, path: string, what: string) => {
      const body = (await get(path)) as { rows: unknown[] };
      conforms(schema, body, what);
      assert.ok(body.rows.length > 0, `${what} has rows`);
    };
    await listed(
      BreakdownResponse,
      `${centralListPaths.breakdown}?by=centre&from=${addDays(today, -20)}`,
      'breakdown',
    );
    await listed(TicketListResponse, `${centralListPaths.tickets}?day=${busyDay}`, 'tickets');
    await listed(RatingListResponse, `${centralListPaths.ratings}?from=${addDays(today, -20)}`, 'ratings');
    await listed(RectificationListResponse, centralListPaths.rectifications, 'rectifications');
    await listed(LevelListResponse, `${centralListPaths.levels}?level=yellow`, 'levels');
    const flagged = `?kind=flags&from=${addDays(today, -20)}`;
    await listed(FocusListResponse, `${centralListPaths.focus}${flagged}`, 'focus');
    // 重点监察 pages like the other lists, and its CSV has every row.
    const focusAll = (await get(`${centralListPaths.focus}${flagged}`)) as FocusListResponse;
    const focusSecond = (await get(`${centralListPaths.focus}${flagged}&size=1&page=2`)) as FocusListResponse;
    assert.deepEqual(focusSecond.rows, focusAll.rows.slice(1, 2));
    const focusCsv = await context.request.get(
      new URL(`${centralListPaths.focusCsv.slice(1)}${flagged}`, central.url).toString(),
    );
    assert.equal((await focusCsv.text()).trim().split('\r\n').length, focusAll.total + 1);
    conforms(NoticeListResponse, await get(centralListPaths.notices), 'notices');
    const month = addDays(today, -20).slice(0, 7);
    await listed(PerformanceResponse, `/api/performance?month=${month}`, 'performance');
    conforms(PerformanceTrendResponse, await get(`/api/performance/trend?to=${month}`), 'performance trend');
    conforms(StandardsResponse, await get('/api/performance/standards'), 'standards');
    const refused = await context.request.get(
      new URL('api/notifications?ref=appointments&id=x', central.url).toString(),
    );
    assert.equal(refused.status(), 400);
    conforms(CentralError, await refused.json(), 'error');
    assert.deepEqual(problems, {});
    await context.close();
  });

  test('English is one click away and stays chosen', async () => {
    const { context, page } = await loginAs('jiancha', 'demo-jiancha-1');
    await page.getByRole('button', { name: 'English' }).click();
    assert.match((await page.locator('header nav').textContent()) ?? '', /Today.*Live supervision/);
    await page.reload();
    await page.getByTestId('who').waitFor();
    assert.match((await page.getByTestId('who').textContent()) ?? '', /Supervisor/);
    await context.close();
  });

  test('a change without the CSRF token is refused, and repeated wrong passwords lock the client out', async () => {
    const base = central.url;
    const login = (password: string) =>
      fetch(`${base}api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'jiancha', password }),
      });
    const ok = await login('demo-jiancha-1');
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    assert.match(ok.headers.get('set-cookie')!, /HttpOnly/i);
    assert.match(ok.headers.get('set-cookie')!, /SameSite=Strict/i);
    const noToken = await fetch(`${base}api/rectifications/centre-01/x/act`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ action: 'reply', text: 'x' }),
    });
    assert.equal(noToken.status, 403);
    for (let i = 0; i < 5; i++) assert.equal((await login('wrong-password')).status, 401);
    const locked = await login('demo-jiancha-1');
    assert.equal(locked.status, 429);
    const [denied] = await central.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'login' AND result = 'denied'`,
    );
    assert.equal(denied!.n, 6);
  });
});

/**
 * The central console end to end, the console API against contract/central-api.ts, every list with rows.
 * Transactions from two centres go through mosquitto into ingest and PostgreSQL, and the pages,
 * opened in Chromium by users of each role, show what they say (test/support/central-console-fixture.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
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
import {
  addDays,
  type ConsoleFixture,
  consoleStream,
  startConsoleFixture,
} from '../../test/support/central-console-fixture.ts';
import type { RunningCentral } from './start.ts';

describe('central console in Chromium against PostgreSQL, fed through mosquitto: the console API against contract/central-api.ts, every list with rows', () => {
  const facts = consoleStream();
  const { today, busyDay } = facts;
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
});

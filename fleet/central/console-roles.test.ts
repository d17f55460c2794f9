/**
 * The central console end to end, who sees what: a 领导 viewer and an operator kept to their pages (and refused by the server), English kept chosen, CSRF and login throttling.
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

describe('central console in Chromium against PostgreSQL, fed through mosquitto: who sees what', () => {
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

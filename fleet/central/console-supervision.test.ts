/**
 * The central console end to end, 预警纠错 and 重点监察: a 黄牌督办通知书 as a Chinese PDF, the centre’s reply, a revocation, the flags list.
 * Transactions from two centres go through mosquitto into ingest and PostgreSQL, and the pages,
 * opened in Chromium by users of each role, show what they say (test/support/central-console-fixture.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inflateSync } from 'node:zlib';
import {
  addDays,
  type ConsoleFixture,
  consoleStream,
  startConsoleFixture,
} from '../../test/support/central-console-fixture.ts';
import type { RunningCentral } from './start.ts';

describe('central console in Chromium against PostgreSQL, fed through mosquitto: 预警纠错 and 重点监察', () => {
  const facts = consoleStream();
  const { today, stream, overdueCaseId } = facts;
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
});

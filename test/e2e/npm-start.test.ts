/** `npm start` (= `shequ start --sim`) serves the three screens, says where, and stops cleanly on Ctrl-C. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { spawnShequ } from '../support/shequ-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'shequ-start-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function socatChildrenOf(pid: number): number {
  try {
    return execFileSync('pgrep', ['-P', String(pid), 'socat'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean).length;
  } catch {
    return 0;
  }
}

test('shequ start --sim prints where to open each screen, serves them, and stops on SIGINT', async () => {
  const proc = spawnShequ([
    'start',
    '--sim',
    '--data',
    join(dir, 'sim'),
    '--port',
    '0',
    '--mqtt-port',
    '0',
    '--printer-port',
    '0',
  ]);
  const line = await proc.waitForOutput(
    /Kiosk \(residents\):\s+(http:\/\/127\.0\.0\.1:\d+)\/kiosk\//,
    30_000,
  );
  const base = /http:\/\/127\.0\.0\.1:\d+/.exec(line)![0];
  assert.match(proc.output(), /Admin \(staff\):\s+http:\/\/127\.0\.0\.1:\d+\/admin\//);
  assert.match(proc.output(), /Display board:\s+http:\/\/127\.0\.0\.1:\d+\/board\//);

  const state = (await (await fetch(`${base}/api/state`)).json()) as { services: Array<{ name: string }> };
  assert.ok(state.services.some((s) => s.name === '社保卡办理'));
  for (const app of ['kiosk', 'admin', 'board']) {
    const res = await fetch(`${base}/${app}/`);
    assert.equal(res.status, 200, `${app} page`);
    assert.match(await res.text(), /<html lang="zh-CN"/);
  }
  const taken = await fetch(`${base}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: 'consult', withCard: false }),
  });
  assert.equal(taken.status, 201);
  const bad = await fetch(`${base}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: 'consult' }),
  });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: { message: string } }).error.message, /withCard/);

  const pid = proc.child.pid!;
  assert.ok(socatChildrenOf(pid) >= 1, 'the simulated reader runs on a socat pty pair');
  const code = await proc.signal('SIGINT');
  assert.equal(code, 0, proc.output());
  assert.match(proc.output(), /stopped\./);
  assert.equal(socatChildrenOf(pid), 0, 'no socat left behind');
});

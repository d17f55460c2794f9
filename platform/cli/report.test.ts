import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CliError } from './errors.ts';
import { reportFailure } from './report.ts';
import { listenFailure } from './system-errors.ts';

test('a crash outside any awaited path still ends in one line and exit 1', () => {
  const script = `
    const { processIo, reportCrashesAsOneLine } = await import('./platform/cli/index.ts');
    reportCrashesAsOneLine(() => 'demo', processIo);
    setTimeout(() => { throw new Error('socket hang up'); }, 1);
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, SHEQU_DEBUG: '' },
  });
  assert.equal(r.status, 1);
  assert.equal(r.stderr, 'shequ demo: internal error: socket hang up (run with SHEQU_DEBUG=1 for details)\n');
});

test('a file system error on a path is the machine state, said in one line without "internal error"', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'shequ-report-'));
  try {
    const file = join(dir, 'not-a-dir');
    await writeFile(file, '');
    const err = await mkdir(join(file, 'sub')).catch((e: unknown) => e);
    const lines: string[] = [];
    const code = reportFailure('demo', err, { out: () => {}, err: (t) => lines.push(t) });
    assert.equal(code, 1);
    assert.deepEqual(lines, [
      `shequ demo: cannot mkdir ${file}/sub: a part of the path is not a directory; check the path and its permissions\n`,
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a taken port names the option to change; other listen errors are left as they are', async () => {
  const first = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => first.once('listening', r));
  const port = (first.address() as { port: number }).port;
  const second = createServer();
  const err = await new Promise((resolve) => second.once('error', resolve).listen(port, '127.0.0.1'));
  first.close();
  const failure = listenFailure(err, `127.0.0.1:${port}`, '--port');
  assert.ok(failure instanceof CliError);
  assert.equal(
    failure.message,
    `127.0.0.1:${port} is in use by another program; stop it or pass another --port`,
  );
  const other = new Error('boom');
  assert.equal(listenFailure(other, 'x', '--port'), other);
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

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

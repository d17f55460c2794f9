import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { subcommands } from './main.ts';

test('shequ --help lists every subcommand with a one-line summary', () => {
  const out = execFileSync(process.execPath, ['bin/shequ.mjs', '--help'], { encoding: 'utf8' });
  for (const c of subcommands) {
    const line = out.split('\n').find((l) => l.trimStart().startsWith(c.words.join(' ')));
    assert.ok(line, `help is missing '${c.words.join(' ')}'`);
    assert.ok(line.includes(c.summary));
  }
});

test('an unknown command exits 2 and says which', () => {
  try {
    execFileSync(process.execPath, ['bin/shequ.mjs', 'frobnicate'], { encoding: 'utf8', stdio: 'pipe' });
    assert.fail('expected a non-zero exit');
  } catch (err) {
    const e = err as { status: number; stderr: string };
    assert.equal(e.status, 2);
    assert.match(e.stderr, /unknown command 'frobnicate'/);
  }
});

test('every subcommand module loads and exports run()', async () => {
  for (const c of subcommands) {
    const mod = await c.load();
    assert.equal(typeof mod.run, 'function', c.words.join(' '));
  }
});

test('an unknown option before any command exits 2, names it in one line and shows the command list', () => {
  try {
    execFileSync(process.execPath, ['bin/shequ.mjs', '--frob'], { encoding: 'utf8', stdio: 'pipe' });
    assert.fail('expected a non-zero exit');
  } catch (err) {
    const e = err as { status: number; stderr: string };
    assert.equal(e.status, 2);
    assert.equal(e.stderr.split('\n')[0], "shequ: unknown option '--frob'");
    assert.match(e.stderr, /^Commands:$/m);
    assert.doesNotMatch(e.stderr, /^\s+at /m);
  }
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { shequBin } from '../../test/support/shequ-process.ts';

const bin = shequBin;
const shequ = (args: string[], input = '') =>
  spawnSync(process.execPath, [bin, 'central', ...args], { input, encoding: 'utf8', timeout: 60_000 });

describe('shequ central users / audit verify on a PGlite data directory', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shequ-central-cli-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('--help exits 0, an unknown option exits 2 with one line and the usage', () => {
    const help = shequ(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /shequ central users add/);
    const bad = shequ(['users', 'list', '--frob']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr.split('\n')[0]!, /unknown option '--frob'/);
  });

  test('an admin adds a user (password on stdin), lists it, and the act is in an intact audit chain', () => {
    const data = join(dir, 'db');
    const add = shequ(
      ['users', 'add', 'wangke', '--role', 'supervisor', '--name', '王科长', '--data', data],
      'a-long-password\n',
    );
    assert.equal(add.status, 0, add.stderr);
    const list = shequ(['users', 'list', '--data', data]);
    assert.match(list.stdout, /wangke\s+supervisor\s+王科长/);
    assert.doesNotMatch(list.stdout + add.stdout, /a-long-password/);
    const weak = shequ(['users', 'add', 'li', '--role', 'viewer', '--data', data], 'short\n');
    assert.equal(weak.status, 1);
    assert.equal(weak.stderr.trim().split('\n').length, 1);
    assert.match(weak.stderr, /at least 10 characters/);
    const verify = shequ(['audit', 'verify', '--data', data]);
    assert.equal(verify.status, 0, verify.stderr);
    assert.match(verify.stdout, /audit log intact: 1 rows/);
  });
});

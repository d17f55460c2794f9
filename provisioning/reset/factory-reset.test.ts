import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { run } from '../cli/reset.ts';
import { factoryReset, formatResetReport } from './factory-reset.ts';

describe('factory reset', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shequ-reset-'));
    await mkdir(join(dir, 'identity'));
    await writeFile(join(dir, 'identity', 'device.key'), '-----BEGIN PRIVATE KEY-----\nsecret\n');
    await writeFile(join(dir, 'identity', 'identity.json'), '{"kioskId":"xingfu-001"}');
    await mkdir(join(dir, 'keys'));
    await writeFile(join(dir, 'keys', 'device.key'), 'vault key');
    await mkdir(join(dir, 'log'));
    await writeFile(join(dir, 'log', '2026-11-28.json'), '{"synthetic":"record"}');
    await writeFile(join(dir, 'config.json'), '{}');
    await mkdir(join(dir, 'bootstrap'));
    await writeFile(join(dir, 'bootstrap', 'bootstrap.pem'), 'cert');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('erases identity, keys, records and configuration, keeps the bootstrap bundle, and says what it erased', async () => {
    const report = await factoryReset(dir);
    assert.deepEqual(await readdir(dir), ['bootstrap']);
    assert.deepEqual(await readdir(join(dir, 'bootstrap')), ['bootstrap.pem']);
    const byPath = Object.fromEntries(report.erased.map((e) => [e.path.slice(dir.length + 1), e.kind]));
    assert.deepEqual(byPath, {
      'config.json': 'configuration',
      identity: 'identity and keys',
      keys: 'identity and keys',
      log: 'personal data and records',
    });
    assert.equal(report.erased.find((e) => e.path.endsWith('identity'))?.files, 2);
    const text = formatResetReport(report);
    assert.match(text, /erased identity \(identity and keys, 2 files\)/);
    assert.match(text, /kept bootstrap/);
  });

  it('a dry run lists the same and erases nothing', async () => {
    const report = await factoryReset(dir, { dryRun: true });
    assert.equal(report.erased.length, 4);
    assert.equal((await readdir(dir)).length, 5);
    assert.match(formatResetReport(report), /would erase log/);
  });

  it('the command refuses to run without --factory and succeeds on a missing data dir', async () => {
    const quiet = { out: () => {}, err: () => {} };
    assert.equal(await run(['--data', dir], quiet), 2);
    assert.equal((await readdir(dir)).length, 5);
    assert.equal(await run(['--factory', '--data', join(dir, 'nope'), '--dry-run'], quiet), 0);
  });
});

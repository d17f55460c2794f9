import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { spawnShequ } from '../../../test/support/shequ-process.ts';
import { startTestSmsc, type TestSmsc } from '../sim/test-smsc.ts';
import { testPhone } from '../testing/phones.ts';

let dir: string;
let smsc: TestSmsc;
let stores: string[];

async function shequ(args: string[]): Promise<{ code: number | string; out: string }> {
  const p = spawnShequ(args);
  const code = await p.exited;
  return { code, out: p.output() };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shequ-notify-cli-'));
  stores = ['--data', join(dir, 'db'), '--key', join(dir, 'notify.key')];
  smsc = await startTestSmsc({ password: 'cli-pw' });
});
after(async () => {
  await smsc.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('help exits 0, a bad option 2 with one line and the usage', async () => {
  const help = await shequ(['notify', 'test-send', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /^Usage: shequ notify test-send PHONE/);
  const bad = await shequ(['notify', 'staff', 'add', '--nope']);
  assert.equal(bad.code, 2);
  assert.match(bad.out, /^shequ notify staff add: unknown option '--nope'\n\nUsage: shequ notify staff add/);
});

test('keygen, the staff directory shows numbers masked, test-send goes over SMPP and waits for the receipt', async () => {
  const keygen = await shequ(['notify', 'keygen', '--key', join(dir, 'notify.key')]);
  assert.equal(keygen.code, 0, keygen.out);
  assert.equal(statSync(join(dir, 'notify.key')).mode & 0o777, 0o600);
  const head = testPhone(4242);
  const add = await shequ([
    'notify',
    'staff',
    'add',
    '--role',
    'centre-head',
    '--centre',
    'K1',
    '--name',
    '李主任',
    '--phone',
    head,
    ...stores,
  ]);
  assert.equal(add.code, 0, add.out);
  const ls = await shequ(['notify', 'staff', 'ls', ...stores]);
  assert.match(
    ls.out,
    new RegExp(`K1\\tcentre-head\\t-\\t李主任\\t${head.slice(0, 3)}\\*{4}${head.slice(-4)}`),
  );
  assert.equal(ls.out.includes(head), false);

  const to = testPhone(4343);
  const url = `smpp://shequ:cli-pw@127.0.0.1:${smsc.port}`;
  const sent = await shequ(['notify', 'test-send', to, '--smpp', url, '--text', '系统测试', ...stores]);
  assert.equal(sent.code, 0, sent.out);
  assert.match(sent.out, /#\d+ → 139\*{4}\d{4}: delivered/);
  assert.equal(sent.out.includes(to), false, 'the number never in full');
  assert.deepEqual(
    smsc
      .messages()
      .filter((m) => m.dest === to)
      .map((m) => m.text),
    ['【社区服务】系统测试'],
  );
});

test('a refused bind and a bad number are one line each, exit 1', async () => {
  const refused = await shequ([
    'notify',
    'test-send',
    testPhone(4444),
    '--smpp',
    `smpp://shequ:wrong@127.0.0.1:${smsc.port}`,
    '--wait',
    '2',
    ...stores,
  ]);
  assert.equal(refused.code, 1);
  assert.match(
    refused.out,
    /shequ notify test-send: #\d+ → 139\*{4}\d{4}: \w+, no receipt within 2 s: the SMSC refused the bind \(ESME_RINVPASWD\)\n$/,
  );
  const bad = await shequ(['notify', 'test-send', '12345', ...stores]);
  assert.equal(bad.code, 1);
  assert.equal(bad.out, 'shequ notify test-send: not a mainland mobile number\n');
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { Queue } from '../queue/queue.ts';
import { Store } from '../store/store.ts';
import { AuditLog } from './audit-log.ts';
import { purgeExpiredPersonalData, purgeLeftovers } from './retention.ts';
import { DeviceVault } from './vault.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'shequ-privacy-'));
  dirs.push(d);
  return d;
}
const allText = (dir: string) =>
  readdirSync(dir)
    .filter((n) => n.endsWith('.json') || n.endsWith('.log'))
    .map((n) => readFileSync(join(dir, n), 'utf8'))
    .join('\n');

// Synthetic person (made up; check digit valid).
const PERSON = { name: '测试人', number: '110105195003150019', address: '测试市测试路1号' };

test('personal data is sealed at rest, found again by keyed hash, and opened only with the device key', async () => {
  const vault = new DeviceVault(randomBytes(32));
  const sealed = vault.seal(PERSON);
  assert.ok(!sealed.includes(PERSON.number));
  assert.deepEqual(vault.open(sealed), PERSON);
  assert.equal(vault.lookupRef(PERSON.number), vault.lookupRef(PERSON.number.toLowerCase()));
  assert.notEqual(vault.lookupRef(PERSON.number), vault.lookupRef('110105195003150027'));
  const other = new DeviceVault(Buffer.alloc(32, 7));
  assert.throws(() => other.open(sealed), 'another device key cannot open it');
  assert.notEqual(other.lookupRef(PERSON.number), vault.lookupRef(PERSON.number));
});

test('after the retention period the sealed details are erased from every version on disk', async () => {
  const dir = tempDir();
  const vault = new DeviceVault(randomBytes(32));
  const store = await Store.open(join(dir, 'log'), { segmentBytes: 2048 });
  const clock = { t: Date.UTC(2026, 0, 5, 2) };
  const queue = new Queue(store, simulationConfig(), () => clock.t);
  const holder = {
    ref: vault.lookupRef(PERSON.number),
    sealed: vault.seal(PERSON),
    maskedName: '测*人',
    maskedNumber: '1101**********0019',
  };
  await queue.issue({ serviceId: 'social-security', priority: false, holder });
  await queue.callNext('w1', 'clerk');
  await queue.callNext('w1', 'clerk'); // finishes it
  const fresh = await queue.issue({ serviceId: 'consult', priority: false, holder });
  const logDir = join(dir, 'log');
  assert.ok(allText(logDir).includes(holder.sealed), 'sealed before the purge');
  assert.ok(!allText(logDir).includes(PERSON.number), 'never in clear at rest');
  assert.ok(!allText(logDir).includes(PERSON.name));

  assert.equal(
    await purgeExpiredPersonalData(store, 180, clock.t + 10 * 86_400_000),
    0,
    'nothing is old enough yet',
  );
  const purgedCount = await purgeExpiredPersonalData(store, 180, clock.t + 181 * 86_400_000);
  assert.equal(purgedCount, 1, 'only the finished ticket is purged; the waiting one keeps its holder');
  assert.equal(store.get('ticket', fresh.id)?.holder?.sealed, holder.sealed);
  const reopened = await Store.open(logDir, { segmentBytes: 2048 });
  const old = reopened.all('ticket').find((t) => t.id !== fresh.id)!;
  assert.equal(old.holder?.sealed, '');
  assert.equal(old.holder?.maskedName, '测*人', 'the masked form stays for history');
  const text = allText(logDir);
  const occurrences = text.split(holder.sealed).length - 1;
  assert.equal(occurrences, 1, 'only the still-waiting ticket holds the sealed details, in one version');
});

test('the audit log is append-only: an edited line breaks the chain; the log is kept aside and a new one says so', async () => {
  const dir = tempDir();
  const path = join(dir, 'audit.log');
  const log = await AuditLog.open(path);
  await log.append({ ts: 1, staff: 'clerk', action: 'person.lookup', subjectRef: 'ref-a' });
  await log.append({ ts: 2, staff: 'admin', action: 'person.lookup', subjectRef: 'ref-b', detail: 'cases' });
  await log.close();
  assert.deepEqual(AuditLog.verifyFile(path), {
    ok: true,
    entries: 2,
    lastHash: (AuditLog.verifyFile(path) as { lastHash: string }).lastHash,
  });
  const again = await AuditLog.open(path);
  await again.append({ ts: 3, staff: 'clerk', action: 'person.lookup', subjectRef: 'ref-c' });
  assert.equal(again.entries().length, 3);
  await again.close();
  const lines = readFileSync(path, 'utf8').split('\n');
  lines[0] = lines[0]!.replace('"clerk"', '"nobody"');
  writeFileSync(path, lines.join('\n'));
  const verdict = AuditLog.verifyFile(path);
  assert.equal(verdict.ok, false);
  assert.match((verdict as { problem: string }).problem, /line 2 does not follow line 1/);
  const reopened = await AuditLog.open(path);
  assert.ok(reopened.quarantined, 'the damaged log is reported');
  assert.equal(readFileSync(reopened.quarantined.movedTo, 'utf8'), lines.join('\n'), 'and kept as it was');
  assert.deepEqual(
    reopened.entries().map((e) => e.action),
    ['audit.quarantined'],
    'the new log starts by saying so',
  );
  await reopened.close();
  assert.equal(AuditLog.verifyFile(path).ok, true);
});

test('a torn last line of the audit log is cut back to the last whole entry, and the cut is logged', async () => {
  const dir = tempDir();
  const path = join(dir, 'audit.log');
  const log = await AuditLog.open(path);
  await log.append({ ts: 1, staff: 'clerk', action: 'person.lookup', subjectRef: 'ref-a' });
  await log.append({ ts: 2, staff: 'clerk', action: 'person.lookup', subjectRef: 'ref-b' });
  await log.close();
  const whole = readFileSync(path, 'utf8');
  const torn = '{"ts":3,"staff":"clerk","action":"person.lo';
  writeFileSync(path, whole + torn);
  const reopened = await AuditLog.open(path);
  assert.deepEqual(reopened.tailCut, { bytes: torn.length });
  assert.equal(reopened.quarantined, null);
  await reopened.append({ ts: 4, staff: 'clerk', action: 'person.lookup', subjectRef: 'ref-c' });
  await reopened.close();
  const verdict = AuditLog.verifyFile(path);
  assert.ok(verdict.ok, 'the chain is whole after the cut');
  assert.deepEqual(
    reopened.entries().map((e) => e.subjectRef || e.action),
    ['ref-a', 'ref-b', 'audit.tail-cut', 'ref-c'],
  );
});

test('what damage and interrupted writes leave beside the log is deleted once it may hold data past retention', async () => {
  const dir = tempDir();
  const logDir = join(dir, 'log');
  const vault = new DeviceVault(randomBytes(32));
  const store = await Store.open(logDir, { segmentBytes: 2048 });
  const sealed = vault.seal(PERSON);
  const holder = {
    ref: vault.lookupRef(PERSON.number),
    sealed,
    maskedName: '测*人',
    maskedNumber: '1101**********0019',
  };
  await new Queue(store, simulationConfig()).issue({ serviceId: 'social-security', priority: false, holder });
  await store.close();
  // A power cut garbles the newest segment: it is quarantined at the next open, sealed data and all.
  const segment = readdirSync(logDir).find((n) => /^seg-.*\.log$/.test(n))!;
  const original = readFileSync(join(logDir, segment));
  writeFileSync(
    join(logDir, segment),
    Buffer.concat([original.subarray(0, 40), randomBytes(original.length)]),
  );
  const reopened = await Store.open(logDir, { segmentBytes: 2048 });
  await reopened.close();
  const quarantined = readdirSync(logDir).filter((n) => n.includes('.corrupt-'));
  assert.equal(quarantined.length, 1, 'the damaged segment is kept aside');
  // An interrupted write's temporary copy, an hour old, and one being written now.
  writeFileSync(join(logDir, '.seg-00000000-000009.log.tmp'), sealed);
  const hourAgo = new Date(Date.now() - 61 * 60_000);
  utimesSync(join(logDir, '.seg-00000000-000009.log.tmp'), hourAgo, hourAgo);
  writeFileSync(join(logDir, '.numbering.json.999.tmp'), '{}');

  assert.deepEqual(await purgeLeftovers(logDir, 180), ['.seg-00000000-000009.log.tmp']);
  assert.ok(
    existsSync(join(logDir, quarantined[0]!)),
    'a quarantined file stays for inspection within the period',
  );
  assert.ok(existsSync(join(logDir, '.numbering.json.999.tmp')), 'a write in progress is left alone');
  const later = Date.now() + 181 * 86_400_000;
  const deleted = await purgeLeftovers(logDir, 180, later);
  for (const name of [...quarantined, '.numbering.json.999.tmp']) assert.ok(deleted.includes(name), name);
  assert.deepEqual(
    readdirSync(logDir).filter((n) => n.endsWith('.tmp') || n.includes('.corrupt-')),
    [],
    'no temporary or quarantined file is left',
  );
  for (const name of readdirSync(logDir)) {
    assert.ok(
      !readFileSync(join(logDir, name), 'latin1').includes(sealed.slice(0, 40)),
      `${name} holds sealed data`,
    );
  }
});

/**
 * The person lookup of a past month over the real HTTP API: from the month's sorted person index
 * once the month is over, after a restart, with that index file torn or a bucket of it bit-rotted
 * (read from its shards and built again at the next compaction), and gone with the month after the
 * retention period.
 */
import assert from 'node:assert/strict';
import {
  appendFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { purgeExpiredPersonalData } from '../privacy/retention.ts';
import { startTestAppliance, type TestAppliance } from './test-appliance.ts';

const ID = '110105195003150019';
const OTHER = '110105195003150027';
const DAY_MS = 86_400_000;
let t: TestAppliance;
let boss: Record<string, string>;
let ticketMonth = '';
let sealedSize = 0;

const people = () => join(t.running.appliance.store.dir, 'archive', 'people');
const sortedFile = () => join(people(), `${ticketMonth}.sorted`);
const lookup = async (idNumber = ID) => {
  const r = await t.call('POST', '/api/staff/person-lookup', { idNumber, reason: '申请人来电查询' }, boss);
  assert.equal(r.status, 200);
  return (r.json.tickets as { number: string }[]).map((x) => x.number).sort();
};
/** Compaction as housekeeping runs it, on a day `days` after the tickets' day. */
const compactOn = (days: number) => {
  const today = new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
  return t.running.appliance.store.compact({
    today,
    dayOf: (ts) => new Date(ts + 8 * 3_600_000).toISOString().slice(0, 10),
    isAcked: () => true,
  });
};

before(async () => {
  t = await startTestAppliance(undefined, { simulated: true });
  await t.running.auth.addUser('boss', 'supervisor-pass', 'supervisor');
  boss = await t.login('boss', 'supervisor-pass');
  const vault = t.running.appliance.vault;
  const holder = (number: string) => ({
    ref: vault.lookupRef(number),
    sealed: vault.seal({ name: '测试', number }),
    maskedName: '测*',
    maskedNumber: `1101**********${number.slice(-4)}`,
  });
  for (const serviceId of ['social-security', 'consult'])
    await t.running.appliance.queue.issue({ serviceId, priority: false, holder: holder(ID) });
  await t.running.appliance.queue.issue({
    serviceId: 'social-security',
    priority: false,
    holder: holder(OTHER),
  });
  ticketMonth = t.running.appliance.store.all('ticket')[0]!.day.slice(0, 7);
});
after(() => t.close());

test('a month over: its person index is sorted, and the lookup reads the same from it and after a restart', async () => {
  const live = await lookup();
  assert.equal(live.length, 2, 'two tickets of the person, live');
  // Forty days on the tickets' month is over: compaction archives them and seals the month.
  await compactOn(40);
  assert.equal(t.running.appliance.store.all('ticket').length, 0, 'the tickets left memory');
  assert.ok(existsSync(sortedFile()), `the month's sorted index is written (${readdirSync(people())})`);
  sealedSize = statSync(sortedFile()).size;
  assert.deepEqual(await lookup(), live, 'the lookup finds them in the archive');
  const shards = join(people(), ticketMonth);
  renameSync(shards, `${shards}.aside`);
  const fromSorted = await lookup();
  renameSync(`${shards}.aside`, shards);
  assert.deepEqual(fromSorted, live, 'from the sorted file alone');
  assert.equal((await lookup(OTHER)).length, 1, 'and only them: the other person has their own');
  await t.restart();
  boss = await t.login('boss', 'supervisor-pass');
  assert.deepEqual(await lookup(), live, 'after a restart too');
});

test('a torn sorted index is read from its shards, and built again by the next compaction', async () => {
  const before = await lookup();
  assert.equal(before.length, 2);
  truncateSync(sortedFile(), sealedSize - 30);
  assert.deepEqual(await lookup(), before, 'a torn sorted file: the shards answer');
  truncateSync(sortedFile(), 100);
  // And the temporary file of a sealing cut short by a power cut.
  const orphan = join(people(), `.${ticketMonth}.sorted.99999.tmp`);
  writeFileSync(orphan, 'half a sorted file');
  // A torn tail on a shard too (a write cut short): its intact frames still answer.
  for (const name of readdirSync(join(people(), ticketMonth)))
    appendFileSync(join(people(), ticketMonth, name), Buffer.from('SQJ1\xff\xff', 'latin1'));
  assert.deepEqual(await lookup(), before, 'with torn shard tails as well');
  await compactOn(40);
  assert.equal(statSync(sortedFile()).size, sealedSize, 'the next compaction builds the sorted file again');
  assert.equal(existsSync(orphan), false, 'and removes what a sealing cut short left');
  assert.deepEqual(await lookup(), before, 'and the lookup reads it');
});

test('a bit-rotted bucket of a sealed month is read from its shards, and sealed again by the next compaction', async () => {
  const before = { person: await lookup(), other: await lookup(OTHER) };
  const whole = readFileSync(sortedFile());
  // One bit of the last entry (the last bucket holding any): header and size stay as they were.
  const rotted = Buffer.from(whole);
  rotted[rotted.length - 1]! ^= 0x01;
  writeFileSync(sortedFile(), rotted);
  // Whichever of the two people that bucket holds, both are found as before (from the shards).
  assert.deepEqual(
    { person: await lookup(), other: await lookup(OTHER) },
    before,
    'a damaged bucket: the shards answer',
  );
  await compactOn(40);
  assert.ok(readFileSync(sortedFile()).equals(whole), 'the next compaction builds the sorted file again');
  const shards = join(people(), ticketMonth);
  renameSync(shards, `${shards}.aside`);
  const fromSorted = { person: await lookup(), other: await lookup(OTHER) };
  renameSync(`${shards}.aside`, shards);
  assert.deepEqual(fromSorted, before, 'and the lookup reads it, shards aside');
});

test('after the retention period the month goes as whole files, and the lookup finds nothing of it', async () => {
  assert.equal((await lookup()).length, 2);
  const store = t.running.appliance.store;
  await purgeExpiredPersonalData(store, 30, Date.now() + 100 * DAY_MS);
  assert.equal(existsSync(sortedFile()), false, 'the sorted index of the month is deleted');
  assert.equal(existsSync(join(people(), ticketMonth)), false, 'and its shards');
  assert.deepEqual(await lookup(), [], 'no ticket of the purged month is found');
});

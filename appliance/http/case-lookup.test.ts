/**
 * A resident's progress lookup, tried over HTTP as a stranger on the hall's LAN would: a receipt
 * number alone (guessed, or read off someone's receipt) shows nothing, not even that the case
 * exists; with the last four characters of the ID number, the receipt's QR scanned at the kiosk, or
 * the card on the paired kiosk's reader it shows the case. Wrong guesses are limited per client.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadSimCard } from '../../drivers/idcard/index.ts';
import { readTypedReceipt } from '../cases/receipt-number.ts';
import { startTestAppliance, type TestAppliance } from './test-appliance.ts';

let t: TestAppliance;
before(async () => {
  t = await startTestAppliance(undefined, { simulated: true });
});
after(() => t.close());

const lookup = (body: unknown, headers: Record<string, string> = {}) =>
  t.call('POST', '/api/cases/lookup', body, headers);
const tailOf = (card: string) => loadSimCard(card).number.slice(-4);

async function cardOnReader(card: string | null): Promise<void> {
  const r = card ? await t.call('POST', '/api/sim/card', { card }) : await t.call('DELETE', '/api/sim/card');
  assert.equal(r.status, 204);
  const want = card !== null;
  while ((t.running.appliance.cardView() !== null) !== want) await new Promise((r) => setTimeout(r, 10));
}

/** A card holder takes a ticket at the paired kiosk, the clerk calls it and accepts an application. */
async function acceptFor(card: string): Promise<string> {
  await cardOnReader(card);
  const ticket = await t.call('POST', '/api/tickets', { serviceId: 'elderly-care', withCard: true }, t.kiosk);
  assert.equal(ticket.status, 201, ticket.text);
  await cardOnReader(null);
  const clerk = await t.login();
  const called = await t.call('POST', '/api/staff/counters/w2/call-next', undefined, clerk);
  assert.equal(called.json.ticket.id, ticket.json.ticket.id);
  const accepted = await t.call(
    'POST',
    '/api/staff/cases',
    { ticketId: ticket.json.ticket.id, itemId: 'elderly-allowance', materials: ['居民身份证'] },
    clerk,
  );
  assert.equal(accepted.status, 201, accepted.text);
  return accepted.json.case.number;
}

let zhang = '';
let li = '';
test('receipt numbers carry the day, then no sequence: a keyed part and a check digit', async () => {
  zhang = await acceptFor('resident-zhang');
  li = await acceptFor('resident-li');
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
  for (const n of [zhang, li]) {
    assert.match(n, new RegExp(`^${day.replaceAll('-', '')}-\\d{7}$`));
    assert.deepEqual(readTypedReceipt(n), { kind: 'number', number: n });
  }
  const [a, b] = [zhang, li].map((n) => Number(n.slice(9, 15)));
  assert.notEqual(Math.abs(a! - b!), 1, 'the second case of the day is not the first plus one');
  const typo = `${li.slice(0, -1)}${(Number(li.at(-1)) + 1) % 10}`;
  const mistyped = await lookup({ receiptNo: typo, withCard: false, idTail: '0000' });
  assert.equal(mistyped.status, 422);
  assert.equal(mistyped.json.error.code, 'receipt.mistyped', 'the check digit catches a mistyped digit');
});

test('a receipt number alone shows nothing; with the last four of the ID number it shows the case', async () => {
  const alone = await lookup({ receiptNo: zhang, withCard: false });
  const unknownAlone = await lookup({ receiptNo: '20000101-0009', withCard: false });
  assert.equal(alone.status, 422);
  assert.equal(alone.json.error.code, 'lookup.id-tail-needed');
  assert.deepEqual(alone.json, unknownAlone.json, 'the same answer whether the case exists or not');
  assert.doesNotMatch(alone.text, /elderly|高龄|accepted/);

  const wrongTail = await lookup({ receiptNo: zhang, withCard: false, idTail: tailOf('resident-li') });
  const unknown = await lookup({ receiptNo: '20000101-0009', withCard: false, idTail: '1234' });
  assert.equal(wrongTail.status, 200);
  assert.deepEqual(wrongTail.json, { cases: [] });
  assert.deepEqual(unknown.json, wrongTail.json, 'a wrong ID tail and no such case look the same');

  const right = await lookup({
    receiptNo: zhang.replace('-', ''),
    withCard: false,
    idTail: tailOf('resident-zhang'),
  });
  assert.equal(right.status, 200);
  assert.equal(right.json.cases.length, 1);
  assert.equal(right.json.cases[0].receiptNo, zhang);
  assert.equal(right.json.cases[0].status, 'accepted');
  const badTail = await lookup({ receiptNo: zhang, withCard: false, idTail: '12' });
  assert.equal(badTail.status, 400, 'an ID tail is four characters');
});

test('the receipt QR scanned at the kiosk opens the case on the paired kiosk only; the card on its reader too', async () => {
  const c = t.running.appliance.desk.cases.byNumber(li)!;
  const qr = t.running.appliance.codes.signCode({
    type: 'receipt',
    fields: { kioskId: 'K-SIM-0001', caseId: c.id, acceptedOn: c.acceptedDay },
  });
  assert.equal((await lookup({ receiptNo: qr, withCard: false })).json.cases[0].receiptNo, li);
  assert.equal((await t.call('POST', '/api/sim/scan', { text: qr })).status, 204);
  while (!t.running.appliance.scans.scannedRecently(c.id)) await new Promise((r) => setTimeout(r, 10));
  const atKiosk = await lookup({ receiptNo: li, withCard: false }, t.kiosk);
  assert.equal(atKiosk.json.cases[0]?.receiptNo, li, 'what the kiosk screen asks after a scan');
  const elsewhere = await lookup({ receiptNo: li, withCard: false });
  assert.equal(elsewhere.json.error.code, 'lookup.id-tail-needed', 'a LAN client gains nothing by the scan');

  await cardOnReader('resident-zhang');
  const stranger = await lookup({ withCard: true });
  assert.equal(stranger.status, 403);
  const byCard = await lookup({ withCard: true }, t.kiosk);
  assert.deepEqual(
    byCard.json.cases.map((x: { receiptNo: string }) => x.receiptNo),
    [zhang],
  );
  await cardOnReader(null);
});

test('a receipt printed before (20250124-0003, the old sequential form) still opens its case, with the ID tail', async () => {
  const { store, desk } = t.running.appliance;
  const current = desk.cases.byNumber(zhang)!;
  await store.commit([{ ...current, id: 'old-receipt-case', number: '20250124-0003' }]);
  const typed = await lookup({
    receiptNo: '202501240003',
    withCard: false,
    idTail: tailOf('resident-zhang'),
  });
  assert.equal(typed.json.cases[0]?.receiptNo, '20250124-0003');
  const alone = await lookup({ receiptNo: '20250124-0003', withCard: false });
  assert.equal(alone.json.error.code, 'lookup.id-tail-needed');
});

test('wrong guesses are limited per client: after ten, 429 with Retry-After, and other clients are unaffected', async () => {
  // A client of its own (a screen on the LAN), so the guesses above do not count.
  const guesser = await t.pair('board');
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) {
    const guess = await lookup({ receiptNo: zhang, withCard: false, idTail: String(1000 + i) }, guesser);
    statuses.push(guess.status);
    if (guess.status === 429) assert.match(guess.headers.get('retry-after') ?? '', /^\d+$/);
  }
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(200));
  assert.deepEqual(statuses.slice(10), [429, 429]);
  const right = await lookup(
    { receiptNo: zhang, withCard: false, idTail: tailOf('resident-zhang') },
    guesser,
  );
  assert.equal(right.status, 429, 'even the right tail waits: the limit comes before the lookup');
  const kiosk = await lookup(
    { receiptNo: zhang, withCard: false, idTail: tailOf('resident-zhang') },
    t.kiosk,
  );
  assert.equal(kiosk.json.cases[0]?.receiptNo, zhang, 'the paired kiosk has its own limit');
});

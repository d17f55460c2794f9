import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TX_TYPES } from '../../contract/mqtt.ts';
import { makeTx } from '../../test/support/tx.ts';
import { parseTx } from './parse-tx.ts';

const topic = 'v1/kiosks/K0007/tx';
const buf = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));

test('a valid envelope parses as valid', () => {
  const tx = makeTx('K0007', 9);
  assert.deepEqual(parseTx(topic, buf(tx)), { kind: 'valid', tx });
});

test('non-JSON is rejected with the kiosk from the topic and no txId', () => {
  const r = parseTx(topic, buf('{"v":1,'));
  assert.equal(r.kind, 'rejected');
  assert.equal(r.kind === 'rejected' && r.kioskId, 'K0007');
  assert.equal(r.kind === 'rejected' && r.txId, undefined);
  assert.match(r.kind === 'rejected' ? r.why : '', /^not JSON/);
});

test('a schema problem is named by its path, and the txId is kept for the ack', () => {
  const tx = { ...makeTx('K0007', 1), type: 'ticket.stolen' };
  const r = parseTx(topic, buf(tx));
  assert.equal(r.kind, 'rejected');
  if (r.kind !== 'rejected') return;
  assert.equal(r.txId, tx.txId);
  assert.match(r.why, /^invalid TxEnvelope at \/type/);
});

test('a missing field and a malformed txId are both rejected', () => {
  const { body: _body, ...noBody } = makeTx('K0007', 1);
  const missing = parseTx(topic, buf(noBody));
  assert.match(missing.kind === 'rejected' ? missing.why : '', /\/body/);
  const badId = parseTx(topic, buf({ ...makeTx('K0007', 1), txId: 'not-a-ulid' }));
  assert.equal(badId.kind === 'rejected' && badId.txId, 'not-a-ulid');
  assert.match(badId.kind === 'rejected' ? badId.why : '', /\/txId/);
});

test('a JSON value that is not an object is rejected without a txId', () => {
  const r = parseTx(topic, buf('[1,2]'));
  assert.equal(r.kind === 'rejected' && r.txId, undefined);
});

test('each body is checked against the schema of its type, and extra fields are allowed', () => {
  for (const type of TX_TYPES)
    assert.equal(parseTx(topic, buf(makeTx('K0007', 3, type))).kind, 'valid', type);
  const called = makeTx('K0007', 4, 'ticket.called');
  const wrongShape = { ...called, body: { ...called.body, counterNumber: 'one' } };
  const r = parseTx(topic, buf(wrongShape));
  assert.equal(r.kind, 'rejected');
  assert.match(r.kind === 'rejected' ? r.why : '', /^invalid ticket\.called body at \/counterNumber/);
  const bodyOfAnotherType = { ...makeTx('K0007', 5, 'rating.given'), type: 'ticket.issued' };
  assert.match(
    (parseTx(topic, buf(bodyOfAnotherType)) as { why?: string }).why ?? '',
    /^invalid ticket\.issued body/,
  );
  const later = makeTx('K0007', 6);
  assert.equal(parseTx(topic, buf({ ...later, body: { ...later.body, addedLater: 1 } })).kind, 'valid');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactUrl } from './redact-url.ts';

test('passwords in broker and database URLs are hidden, the rest is kept', () => {
  assert.equal(redactUrl('mqtt://ingest:s3cret@127.0.0.1:1883'), 'mqtt://ingest:***@127.0.0.1:1883');
  assert.equal(
    redactUrl('postgres://app:pw@db.example:5432/central'),
    'postgres://app:***@db.example:5432/central',
  );
  assert.equal(redactUrl('mqtts://broker.example:8883'), 'mqtts://broker.example:8883');
  assert.equal(redactUrl('not a url user:pw@x'), 'not a url user:pw@x');
  assert.doesNotMatch(redactUrl('//u:pw@host'), /pw/);
});

/**
 * Route schemas compile at their route's first request (platform/lazy-schema-compilers.ts), not at
 * start: here every one is compiled at once, so a schema that does not compile still fails the suite
 * as it failed the start before, and validation answers the same before and after.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestAppliance, type TestAppliance } from './test-appliance.ts';

let t: TestAppliance;
before(async () => {
  t = await startTestAppliance();
});
after(() => t.close());

test('every route schema compiles, each once, and validation answers alike before and after', async () => {
  const bad = () => t.call('POST', '/api/tickets', { serviceId: 'consult' }, t.kiosk);
  const first = await bad();
  assert.equal(first.status, 400);
  assert.match(first.json.error.message, /withCard/);
  const compiled = t.running.compileSchemas();
  assert.ok(compiled >= 40, `the routes' request and response schemas all compiled (${compiled})`);
  assert.equal(t.running.compileSchemas(), 0, 'a schema compiles once');
  const again = await bad();
  assert.equal(again.status, 400);
  assert.deepEqual(again.json, first.json);
  const ok = await t.call('POST', '/api/tickets', { serviceId: 'consult', withCard: false }, t.kiosk);
  assert.equal(ok.status, 201);
});

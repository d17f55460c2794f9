/** Appointments over the real HTTP API: booked by staff, checked in once with the signed code, on its day only. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestAppliance, type TestAppliance } from './test-appliance.ts';

let t: TestAppliance;
before(async () => {
  t = await startTestAppliance();
});
after(() => t.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  t.call('POST', path, body, headers);

test('book, check in with the code for a priority ticket, and never twice; other days and forged codes refused', async () => {
  const h = await t.login();
  const today = t.running.appliance.queue.today();
  assert.equal(
    (await post('/api/staff/appointments', { serviceId: 'elderly-care', day: today, slot: '09:30' })).status,
    401,
  );
  const booked = await post(
    '/api/staff/appointments',
    { serviceId: 'elderly-care', day: today, slot: '09:30' },
    h,
  );
  assert.equal(booked.status, 201);
  const code = booked.json.code as string;
  assert.match(code, /^SQ1\.A\./);

  const checkedIn = await post('/api/appointments/check-in', { code, withCard: false }, t.kiosk);
  assert.equal(checkedIn.status, 200, JSON.stringify(checkedIn.json));
  const ticket = checkedIn.json.ticket as { number: string; priority: boolean };
  assert.match(ticket.number, /^C\d{3}$/);
  assert.equal(ticket.priority, true, 'appointments are served as priority');
  const again = await post('/api/appointments/check-in', { code, withCard: false }, t.kiosk);
  assert.equal(again.status, 409);

  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const tomorrow = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  const later = await post(
    '/api/staff/appointments',
    { serviceId: 'consult', day: tomorrow, slot: '14:00' },
    h,
  );
  const early = await post('/api/appointments/check-in', { code: later.json.code, withCard: false }, t.kiosk);
  assert.equal(early.status, 422);
  assert.match(JSON.stringify(early.json), /appointment\.wrong-day/);

  const forged = `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`;
  assert.equal(
    (await post('/api/appointments/check-in', { code: forged, withCard: false }, t.kiosk)).status,
    422,
  );
  const noCard = await post('/api/appointments/check-in', { withCard: true }, t.kiosk);
  assert.match(JSON.stringify(noCard.json), /card\.absent/);
  assert.equal(
    (await post('/api/staff/appointments', { serviceId: 'consult', day: today, slot: '25:00' }, h)).status,
    400,
  );
});

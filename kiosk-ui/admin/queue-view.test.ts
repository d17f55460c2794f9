import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleState, sampleTicket } from '../test-support/fixtures.ts';
import { currentTicket, noShowTickets, servesTicket, waitedMinutes, waitingTickets } from './queue-view.ts';

test('waiting tickets: priority first, then by issue time; called and done ones left out', () => {
  const tickets = [
    sampleTicket({ id: '1', number: 'A001', issuedAt: 100 }),
    sampleTicket({ id: '2', number: 'A002', issuedAt: 200, priority: true }),
    sampleTicket({ id: '3', number: 'A003', issuedAt: 50, status: 'called', counterId: 'c1', calledAt: 300 }),
    sampleTicket({ id: '4', number: 'A004', issuedAt: 20 }),
    sampleTicket({ id: '5', number: 'A005', issuedAt: 10, status: 'done' }),
  ];
  assert.deepEqual(
    waitingTickets(tickets).map((t) => t.number),
    ['A002', 'A004', 'A001'],
  );
});

test('current ticket is the latest one this counter called', () => {
  const tickets = [
    sampleTicket({ id: '1', number: 'A001', status: 'called', counterId: 'c1', calledAt: 100 }),
    sampleTicket({ id: '2', number: 'A002', status: 'called', counterId: 'c1', calledAt: 200 }),
    sampleTicket({ id: '3', number: 'A003', status: 'called', counterId: 'c3', calledAt: 300 }),
    sampleTicket({ id: '4', number: 'A004', status: 'done', counterId: 'c1', calledAt: 400 }),
  ];
  assert.equal(currentTicket(tickets, 'c1')?.number, 'A002');
  assert.equal(currentTicket(tickets, 'c9'), null);
});

test('servesTicket checks the counter’s services', () => {
  const [c1, c3] = sampleState().counters;
  const dibao = sampleTicket({ serviceId: 'dibao' });
  assert.equal(servesTicket(c1, dibao), false);
  assert.equal(servesTicket(c3, dibao), true);
  assert.equal(servesTicket(undefined, dibao), true);
});

test('a ticket sent to one counter is that counter’s alone; re-queued tickets keep their new place', () => {
  const [c1, c3] = sampleState().counters;
  const sent = sampleTicket({ serviceId: 'dibao', assignedCounterId: c1!.id, assignedCounterNumber: 1 });
  assert.equal(servesTicket(c1, sent), true, 'sent to counter 1 though not its service');
  assert.equal(servesTicket(c3, sent), false, 'no longer counter 3’s though its service');
  const tickets = [
    sampleTicket({ id: '1', number: 'A001', issuedAt: 100 }),
    sampleTicket({ id: '2', number: 'A002', issuedAt: 50, queuedAt: 500 }),
    sampleTicket({ id: '3', number: 'A003', issuedAt: 300, queuedAt: 10 }),
  ];
  assert.deepEqual(
    waitingTickets(tickets).map((t) => t.number),
    ['A003', 'A001', 'A002'],
  );
});

test('waited minutes run until the call, and no-shows are listed latest first', () => {
  const t0 = Date.UTC(2026, 11, 1, 1, 0, 0);
  assert.equal(waitedMinutes(sampleTicket({ issuedAt: t0 }), t0 + 7 * 60_000 + 59_000), 7);
  assert.equal(waitedMinutes(sampleTicket({ issuedAt: t0, calledAt: t0 + 3 * 60_000 }), t0 + 3_600_000), 3);
  const tickets = [
    sampleTicket({ id: '1', number: 'A001', status: 'no-show', finishedAt: 100 }),
    sampleTicket({ id: '2', number: 'A002', status: 'done', finishedAt: 300 }),
    sampleTicket({ id: '3', number: 'A003', status: 'no-show', finishedAt: 200 }),
  ];
  assert.deepEqual(
    noShowTickets(tickets).map((t) => t.number),
    ['A003', 'A001'],
  );
});

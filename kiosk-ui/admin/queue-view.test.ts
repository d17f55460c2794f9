import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleState, sampleTicket } from '../test-support/fixtures.ts';
import { currentTicket, servesTicket, waitingTickets } from './queue-view.ts';

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

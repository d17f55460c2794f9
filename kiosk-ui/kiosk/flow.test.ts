import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PublicState, TakeTicketRequest } from '../../contract/api.ts';
import { ApiClientError } from '../shared/api-client.ts';
import { sampleState, sampleTicket } from '../test-support/fixtures.ts';
import { createKioskFlow } from './flow.ts';

const card = {
  maskedName: '张*丰',
  maskedNumber: '110***********123X',
  cardType: 'resident',
  elderly: false,
  checkDigitValid: true,
};

function setup(state: PublicState, fail?: ApiClientError) {
  const requests: TakeTicketRequest[] = [];
  const api = {
    takeTicket: async (req: TakeTicketRequest) => {
      requests.push(req);
      if (fail) throw fail;
      return { ticket: sampleTicket({ serviceId: req.serviceId }), printed: true };
    },
  };
  let current = state;
  const flow = createKioskFlow(api, () => current);
  // The page loaded with the reader empty; residents place their cards afterwards.
  void flow.cardChanged(null);
  return { flow, requests, setState: (s: PublicState) => (current = s) };
}

test('without a card, a service that does not need one is issued straight away', async () => {
  const { flow, requests } = setup(sampleState());
  await flow.choose('social');
  assert.deepEqual(requests, [{ serviceId: 'social', withCard: false }]);
  const screen = flow.screen.value;
  assert.equal(screen.kind, 'ticket');
  assert.equal(screen.kind === 'ticket' && screen.ticket.number, 'A001');
});

test('with a card on the reader, the ticket is taken with the card', async () => {
  const { flow, requests } = setup(sampleState({ card }));
  await flow.cardChanged(card);
  await flow.choose('dibao');
  assert.deepEqual(requests, [{ serviceId: 'dibao', withCard: true }]);
});

test('an elderly card asks for a priority ticket; an ordinary card does not', async () => {
  const elderly = { ...card, elderly: true };
  const { flow, requests } = setup(sampleState({ card: elderly }));
  await flow.cardChanged(elderly);
  await flow.choose('dibao');
  assert.deepEqual(requests, [{ serviceId: 'dibao', withCard: true, priority: true }]);
  await flow.cardChanged(null);
  await flow.cardChanged(card);
  await flow.choose('social');
  assert.deepEqual(requests[1], { serviceId: 'social', withCard: true });
});

test('a service that needs a card waits for one, then issues', async () => {
  const { flow, requests, setState } = setup(sampleState());
  await flow.choose('dibao');
  assert.equal(flow.screen.value.kind, 'card-prompt');
  assert.equal(requests.length, 0);
  await flow.cardChanged(null);
  assert.equal(requests.length, 0);
  setState(sampleState({ card }));
  await flow.cardChanged(card);
  assert.deepEqual(requests, [{ serviceId: 'dibao', withCard: true }]);
  assert.equal(flow.screen.value.kind, 'ticket');
});

test('a card arriving on the home screen takes no ticket by itself', async () => {
  const { flow, requests } = setup(sampleState());
  await flow.cardChanged(card);
  assert.equal(requests.length, 0);
  assert.equal(flow.screen.value.kind, 'home');
});

test('an API error shows the error screen with its message', async () => {
  const { flow } = setup(sampleState(), new ApiClientError('printer.out-of-paper', '打印机缺纸', 503));
  await flow.choose('social');
  const screen = flow.screen.value;
  assert.equal(screen.kind, 'error');
  assert.equal(screen.kind === 'error' && screen.code, 'printer.out-of-paper');
  flow.home();
  assert.equal(flow.screen.value.kind, 'home');
});

test('an unknown service does nothing', async () => {
  const { flow, requests } = setup(sampleState());
  await flow.choose('nope');
  assert.equal(requests.length, 0);
  assert.equal(flow.screen.value.kind, 'home');
});

test('idle: home, card set aside until lifted, elderly off, reset hook called', async () => {
  let resets = 0;
  const requests: TakeTicketRequest[] = [];
  const state = sampleState({ card });
  const flow = createKioskFlow(
    {
      takeTicket: async (req) => {
        requests.push(req);
        return { ticket: sampleTicket(), printed: true };
      },
    },
    () => state,
    { onReset: () => resets++ },
  );
  await flow.cardChanged(null);
  await flow.cardChanged(card);
  flow.setElderly(true);
  flow.open('guide');
  flow.idle();
  assert.equal(flow.screen.value.kind, 'home');
  assert.equal(flow.card.value, null, 'the name is no longer on screen');
  assert.equal(flow.prefs.value.elderly, false);
  assert.equal(resets, 1);
  await flow.cardChanged(card);
  assert.equal(flow.card.value, null, 'the same card still on the reader stays hidden');
  assert.equal(flow.cardToTake.value, true, 'and the screen asks for it to be taken');
  await flow.choose('social');
  assert.deepEqual(
    requests.at(-1),
    { serviceId: 'social', withCard: false },
    'nobody takes a ticket on a forgotten card',
  );
  await flow.cardChanged(null);
  await flow.cardChanged(card);
  assert.equal(flow.card.peek()?.maskedName, '张*丰', 'lifted and placed again: shown');
});

test('an elderly card switches elderly mode on once; turning it off sticks for that card', async () => {
  const { flow } = setup(sampleState());
  const elderlyCard = { ...card, elderly: true };
  await flow.cardChanged(elderlyCard);
  assert.equal(flow.prefs.value.elderly, true);
  flow.setElderly(false);
  await flow.cardChanged(elderlyCard);
  assert.equal(flow.prefs.value.elderly, false);
});

test('showTicket shows an appointment ticket with its service', () => {
  const { flow } = setup(sampleState());
  flow.open('appointment');
  flow.showTicket(sampleTicket({ serviceId: 'dibao', number: 'B007' }), false, false);
  const screen = flow.screen.value;
  assert.equal(screen.kind, 'ticket');
  assert.equal(screen.kind === 'ticket' && screen.service.name, '低保申请');
  assert.equal(screen.kind === 'ticket' && screen.printed, false);
});

test('after a ticket the card is forgotten: the screen asks for it back and the next tap acts for nobody', async () => {
  const { flow, requests } = setup(sampleState({ card }));
  await flow.cardChanged(card);
  await flow.choose('dibao');
  const screen = flow.screen.value;
  assert.equal(screen.kind === 'ticket' && screen.withCard, true, 'the ticket screen says 请取走身份证');
  assert.equal(flow.card.value, null);
  assert.equal(flow.cardToTake.value, true);
  flow.home();
  await flow.cardChanged(card);
  await flow.choose('social');
  assert.deepEqual(requests.at(-1), { serviceId: 'social', withCard: false }, 'not on the last holder');
  await flow.choose('dibao');
  assert.equal(flow.screen.value.kind, 'card-prompt', 'a card service asks for a card again');
  await flow.cardChanged(null);
  assert.equal(flow.cardToTake.value, false, 'taken: the request to take it goes');
  await flow.cardChanged(card);
  assert.deepEqual(requests.at(-1), { serviceId: 'dibao', withCard: true }, 'placed again: a new visit');
});

test('a card already on the reader when the page loads belongs to nobody until it is lifted off', async () => {
  const requests: TakeTicketRequest[] = [];
  const flow = createKioskFlow(
    {
      takeTicket: async (req) => {
        requests.push(req);
        return { ticket: sampleTicket(), printed: true };
      },
    },
    () => sampleState({ card }),
  );
  await flow.cardChanged(card);
  assert.equal(flow.card.value, null, 'the previous resident is not greeted');
  assert.equal(flow.cardToTake.value, true);
  await flow.choose('social');
  assert.deepEqual(requests, [{ serviceId: 'social', withCard: false }]);
  const other = { ...card, maskedName: '李*', maskedNumber: '440***********0021' };
  await flow.cardChanged(other);
  assert.equal(flow.card.peek()?.maskedName, '李*', 'another card is another visit');
  assert.equal(flow.cardToTake.value, false);
});

test('an appointment checked in with the card forgets the card too', () => {
  const { flow } = setup(sampleState({ card }));
  void flow.cardChanged(card);
  flow.showTicket(sampleTicket({ serviceId: 'dibao', number: 'B007' }), true, true);
  assert.equal(flow.card.value, null);
  assert.equal(flow.cardToTake.value, true);
});

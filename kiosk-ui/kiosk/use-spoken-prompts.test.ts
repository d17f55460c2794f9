import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translator } from '../shared/i18n.ts';
import { sampleState, sampleTicket } from '../test-support/fixtures.ts';
import { promptFor } from './use-spoken-prompts.ts';

test('the ticket prompt reads the number digit by digit with the people ahead', () => {
  const service = sampleState().services[0]!;
  const text = promptFor(
    {
      kind: 'ticket',
      service,
      ticket: sampleTicket({ number: 'A012', peopleAhead: 3 }),
      printed: true,
      withCard: false,
    },
    'zh-CN',
    translator('zh-CN'),
  );
  assert.equal(text, '您的号码是 A零一二，前面还有 3 人，请留意叫号');
  const withCard = promptFor(
    { kind: 'ticket', service, ticket: sampleTicket({ number: 'A012' }), printed: true, withCard: true },
    'zh-CN',
    translator('zh-CN'),
  );
  assert.match(withCard ?? '', /。请取走身份证$/, 'a ticket taken with the card asks for the card back');
});

test('home and card prompt speak; other screens stay silent', () => {
  const t = translator('en');
  assert.equal(promptFor({ kind: 'home' }, 'en', t), 'Please choose a service');
  assert.equal(
    promptFor({ kind: 'card-prompt', service: sampleState().services[1]! }, 'en', t),
    'Please place your ID card on the reader',
  );
  assert.equal(promptFor({ kind: 'guide' }, 'en', t), null);
});

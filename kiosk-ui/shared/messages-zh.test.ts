import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latinWords } from '../test-support/latin-words.ts';
import { isMessageKey } from './i18n.ts';
import { zh } from './messages-zh.ts';

/** Texts that are English on purpose, and rendered with lang="en": the switch to English. */
const ENGLISH_ON_PURPOSE = new Set(['lang.switch']);

test('every Chinese message is Chinese: no Latin-script word outside placeholders and codes', () => {
  const stray = Object.entries(zh)
    .filter(([key]) => !ENGLISH_ON_PURPOSE.has(key))
    .flatMap(([key, text]) => latinWords(text.replace(/\{\w+\}/g, '')).map((w) => `${key}: ${w}`));
  assert.deepEqual(stray, []);
});

test('the checker finds what it is meant to find and lets codes pass', () => {
  assert.deepEqual(latinWords('the card number fails its check digit'), [
    'the',
    'card',
    'number',
    'fails',
    'its',
    'check',
    'digit',
  ]);
  assert.deepEqual(latinWords('请 A023 号到 3 号窗口（已签到 already checked in）'), [
    'already',
    'checked',
    'in',
  ]);
  assert.deepEqual(latinWords('110***********123X · B 字头 · 2026-12-01'), []);
});

test('every error code the appliance returns to a screen has a Chinese text', () => {
  // The codes of appliance/ that reach the kiosk or the admin panel (grep "ApplianceError(" there).
  const codes = [
    'service.unknown',
    'service.requires-card',
    'service.numbers-exhausted',
    'ticket.already-active',
    'ticket.unknown',
    'card.absent',
    'card.invalid',
    'card.expired',
    'priority.not-eligible',
    'priority.needs-card',
    'appointment.none-today',
    'appointment.already-checked-in',
    'appointment.wrong-day',
    'appointment.past-day',
    'appointment.expired',
    'appointment.unknown',
    'appointment.bad-code',
    'appointment.how',
    'code.forged',
    'lookup.id-tail-needed',
    'receipt.mistyped',
    'lookup.throttled',
    'rating.not-served',
    'rating.already-given',
    'rating.bad-score',
    'rating.comment-too-long',
    'rating.reason-required',
    'case.unknown',
    'auth.refused',
    'auth.locked',
    'auth.required',
    'auth.csrf',
    'auth.forbidden',
    'counter.unknown',
    'counter.idle',
    'counter.paused',
    'transfer.no-target',
    'transfer.same-counter',
    'case.illegal-transition',
    'case.bad-text',
    'case.reason-required',
    'case.applicant-required',
    'case.bad-limits',
    'case.ticket-not-served',
    'case.not-refused',
    'case.already-reviewed',
    'case.item-unknown',
    'case.action-unknown',
    'request.invalid',
    'network.unreachable',
  ];
  assert.deepEqual(
    codes.filter((c) => !isMessageKey(`error.${c}`)),
    [],
  );
});

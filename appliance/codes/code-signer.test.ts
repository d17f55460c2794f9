import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import QRCode from 'qrcode';
import { CodeSigner } from './code-signer.ts';
import { CodeFieldError, type CodePayload } from './payloads.ts';
import type { CodeVerdict } from './verdicts.ts';

const centreKey = Buffer.alloc(32, 7);
const NOW = Date.UTC(2026, 10, 28, 2, 0, 0);
const signer = new CodeSigner(centreKey, { now: () => NOW });

const ticket: CodePayload = {
  type: 'ticket',
  fields: {
    kioskId: 'K-SIM-0001',
    day: '2026-11-28',
    number: 'A023',
    ticketId: '01KB2XG4R8S6T9VWXYZ0123456',
  },
};
const receipt: CodePayload = {
  type: 'receipt',
  fields: { kioskId: 'kiosk_east-2', caseId: 'SB-2026-000123', acceptedOn: '2026-11-28' },
};
const appointment: CodePayload = {
  type: 'appointment',
  fields: {
    appointmentId: 'AP-7Q2',
    serviceId: 'social-security',
    day: '2026-11-30',
    slot: '09:30',
    expiresAt: Date.UTC(2026, 10, 30, 10, 0, 0),
  },
};

function reasonOf(v: CodeVerdict): string {
  return v.kind === 'forged' || v.kind === 'malformed' ? `${v.kind}:${v.reason}` : v.kind;
}

/** Replaces one character of the text with a different one from the same alphabet. */
function flip(text: string, index: number): string {
  const ch = text[index]!;
  const next = ch === 'A' ? 'B' : ch === '0' ? '1' : /[0-9]/.test(ch) ? '0' : 'A';
  return text.slice(0, index) + next + text.slice(index + 1);
}

describe('signed codes', () => {
  it('round-trips every code type', () => {
    for (const payload of [ticket, receipt, appointment]) {
      const text = signer.signCode(payload);
      assert.match(text, /^SQ1\.[TRA]\.K1\./);
      const verdict = signer.verifyCode(text);
      assert.equal(verdict.kind, 'shequ', `${payload.type}: ${reasonOf(verdict)}`);
      assert.ok(verdict.kind === 'shequ');
      assert.equal(verdict.type, payload.type);
      assert.deepEqual(verdict.fields, payload.fields);
    }
  });

  it('writes a ticket in the QR alphanumeric set, small enough for a version-4 symbol', () => {
    const text = signer.signCode(ticket);
    assert.match(text, /^[0-9A-Z $%*+\-./:]+$/);
    assert.equal(text, text.toUpperCase());
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    assert.ok(qr.version <= 4, `QR version ${qr.version} for ${text.length} characters`);
    assert.equal(qr.segments[0]?.mode.id, 'Alphanumeric');
  });

  it('escapes lower case and Chinese in fields and gives them back unchanged', () => {
    const payload: CodePayload = {
      type: 'receipt',
      fields: { kioskId: 'k.1%x', caseId: '低保-2026.01', acceptedOn: '2026-01-05' },
    };
    const verdict = signer.verifyCode(signer.signCode(payload));
    assert.ok(verdict.kind === 'shequ');
    assert.deepEqual(verdict.fields, payload.fields);
  });

  it('verifies the largest code it can sign (three 64-character fields of hanzi)', () => {
    const long = '社'.repeat(64);
    const payload: CodePayload = {
      type: 'ticket',
      fields: { kioskId: long, day: '2026-11-28', number: long, ticketId: long },
    };
    const verdict = signer.verifyCode(signer.signCode(payload));
    assert.ok(verdict.kind === 'shequ', reasonOf(verdict));
    assert.deepEqual(verdict.fields, payload.fields);
    assert.throws(
      () => signer.signCode({ ...payload, fields: { ...payload.fields, number: `${long}x` } }),
      /number/,
    );
  });

  it('accepts a code read with Caps Lock inverting the case, and surrounding whitespace', () => {
    const text = signer.signCode(ticket);
    const inverted = [...text]
      .map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()))
      .join('');
    assert.equal(signer.verifyCode(` ${inverted}\r\n`).kind, 'shequ');
  });

  it('verifies at another kiosk of the same centre (same key), not at another centre', () => {
    const otherKiosk = new CodeSigner(Buffer.from(centreKey));
    assert.equal(otherKiosk.verifyCode(signer.signCode(ticket)).kind, 'shequ');
    const otherCentre = new CodeSigner(randomBytes(32));
    assert.equal(reasonOf(otherCentre.verifyCode(signer.signCode(ticket))), 'forged:bad-signature');
  });

  it('refuses a changed field as forged', () => {
    const text = signer.signCode(ticket);
    const changedNumber = text.replace('.A023.', '.A024.');
    assert.notEqual(changedNumber, text);
    assert.equal(reasonOf(signer.verifyCode(changedNumber)), 'forged:bad-signature');
    const changedDay = text.replace('.20261128.', '.20261129.');
    assert.equal(reasonOf(signer.verifyCode(changedDay)), 'forged:bad-signature');
    // Every single-character change anywhere in the fields is caught.
    const fieldsStart = 'SQ1.T.K1.'.length;
    const fieldsEnd = text.lastIndexOf('.');
    for (let i = fieldsStart; i < fieldsEnd; i++) {
      if (text[i] === '.') continue;
      assert.equal(signer.verifyCode(flip(text, i)).kind, 'forged', `change at ${i}`);
    }
  });

  it('refuses a changed type letter', () => {
    const text = signer.signCode(receipt).replace(/^SQ1\.R\./, 'SQ1.T.');
    // A ticket has four fields, a receipt three: it cannot even be parsed as a ticket.
    assert.equal(reasonOf(signer.verifyCode(text)), 'malformed:truncated');
  });

  it('refuses a changed signature as forged', () => {
    const text = signer.signCode(ticket);
    for (let i = text.lastIndexOf('.') + 1; i < text.length; i++) {
      const changed = text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
      const verdict = signer.verifyCode(changed);
      assert.equal(reasonOf(verdict), 'forged:bad-signature', `signature char ${i}`);
    }
  });

  it('refuses a truncated code as malformed:truncated at every length', () => {
    const text = signer.signCode(appointment);
    for (let cut = 5; cut < text.length; cut++) {
      const verdict = signer.verifyCode(text.slice(0, cut));
      assert.notEqual(verdict.kind, 'shequ', `cut at ${cut}`);
      if (text[cut - 1] !== '.') assert.equal(reasonOf(verdict), 'malformed:truncated', `cut at ${cut}`);
    }
  });

  it('refuses a code under a key ID the centre does not have', () => {
    const rotated = new CodeSigner(randomBytes(32), { keyId: 'K2' });
    assert.equal(reasonOf(signer.verifyCode(rotated.signCode(ticket))), 'forged:unknown-key');
  });

  it('still verifies codes of a previous key after rotation', () => {
    const newKey = randomBytes(32);
    const rotated = new CodeSigner(newKey, { keyId: 'K2', previousKeys: [{ keyId: 'K1', key: centreKey }] });
    assert.equal(rotated.verifyCode(signer.signCode(ticket)).kind, 'shequ');
    assert.match(rotated.signCode(ticket), /^SQ1\.T\.K2\./);
  });

  it('refuses the old unsigned SQ1: form as forged', () => {
    const legacy = 'SQ1:T:K-SIM-0001:2026-11-28:A023:01KB2XG4R8S6T9VWXYZ0123456';
    assert.equal(reasonOf(signer.verifyCode(legacy)), 'forged:unsigned');
  });

  it('refuses structural damage as malformed with its reason', () => {
    const text = signer.signCode(ticket);
    const cases: [string, string][] = [
      ['', 'malformed:empty'],
      ['SQ2.T.K1.X.Y', 'malformed:unsupported-version'],
      [`SQ1.T.K1.${'%41'.repeat(1500)}.X.Y.Z.S`, 'malformed:too-long'],
      [text.replace('SQ1.T.', 'SQ1.Z.'), 'malformed:unknown-type'],
      [text.replace('.K1.', '.K_1.'), 'malformed:bad-key-id'],
      [text.replace('.A023.', '.A023.EXTRA.'), 'malformed:field-count'],
      [`${text}A`, 'malformed:bad-signature-encoding'],
      [text.replace(/\.[A-Z2-7]+$/, '.ABCDEFGH1JKLMNOPQRSTUVWXYZ'), 'malformed:bad-signature-encoding'],
    ];
    for (const [input, expected] of cases) assert.equal(reasonOf(signer.verifyCode(input)), expected, input);
  });

  it('refuses an appointment code after it expires, keeping its fields for the message', () => {
    const text = signer.signCode(appointment);
    const later = new CodeSigner(centreKey, { now: () => appointment.fields.expiresAt + 1000 });
    const verdict = later.verifyCode(text);
    assert.equal(verdict.kind, 'expired');
    assert.ok(verdict.kind === 'expired');
    assert.equal(verdict.expiredAt, appointment.fields.expiresAt);
    const before = new CodeSigner(centreKey, { now: () => appointment.fields.expiresAt - 1000 });
    assert.equal(before.verifyCode(text).kind, 'shequ');
  });

  it('throws CodeFieldError when asked to sign a field of the wrong form', () => {
    const bad: CodePayload = { type: 'ticket', fields: { ...ticket.fields, day: '2026-02-30' } };
    assert.throws(
      () => signer.signCode(bad),
      (err: unknown) => err instanceof CodeFieldError && err.field === 'day',
    );
    const empty: CodePayload = { type: 'receipt', fields: { ...receipt.fields, caseId: '' } };
    assert.throws(() => signer.signCode(empty), CodeFieldError);
    const slot: CodePayload = { type: 'appointment', fields: { ...appointment.fields, slot: '24:00' } };
    assert.throws(() => signer.signCode(slot), /slot/);
  });

  it('refuses a key of the wrong size', () => {
    assert.throws(() => new CodeSigner(Buffer.alloc(16)), RangeError);
  });
});

describe('foreign codes', () => {
  const cases: [string, string][] = [
    ['https://u.wechat.com/EFs7Ab', 'wechat'],
    ['wxp://f2f0abcdefg', 'wechat'],
    ['https://qr.alipay.com/fkx12345', 'alipay'],
    ['HTTPS://QR.ALIPAY.COM/FKX12345', 'alipay'],
    ['https://zwfw.example.gov.cn/item?id=1', 'url'],
    ['6901234567892', 'ean-13'],
    ['96385074', 'ean-8'],
    ['036000291452', 'upc-a'],
    ['6901234567891', 'text'],
    [']C101069012345678921', 'gs1'],
    ['hello 社区', 'text'],
  ];
  for (const [text, format] of cases) {
    it(`classifies ${text} as ${format}`, () => {
      const verdict = signer.verifyCode(text);
      assert.deepEqual(verdict, { kind: 'foreign', text, format });
    });
  }
});

/**
 * Shequ's signed QR codes:  SQ1.<T|R|A>.<keyId>.<field>…<field>.<signature>
 *
 * The signature is HMAC-SHA256 over everything before the last '.', truncated to 16 bytes and written
 * in base32 (26 characters). The HMAC key is derived with HKDF from the centre's 32-byte code key and
 * the key ID, so every kiosk of a centre holding the same key can verify every other kiosk's codes,
 * and a new key ID can be rolled out while codes under the old one still verify.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { fromBase32, toBase32 } from './base32.ts';
import { classifyForeign } from './foreign.ts';
import {
  CODE_TYPES,
  type CodePayload,
  decodeFields,
  encodeFields,
  fieldCount,
  typeForLetter,
} from './payloads.ts';
import type { CodeVerdict, ShequCode } from './verdicts.ts';

export const CODE_VERSION = 'SQ1';
const SIGNATURE_BYTES = 16;
const SIGNATURE_CHARS = Math.ceil((SIGNATURE_BYTES * 8) / 5);
const KEY_ID = /^[0-9A-Z]{1,8}$/;
/** Longer than any code Shequ signs: three 64-character fields of escaped hanzi (×9) stay under 2 000. */
const MAX_CODE_CHARS = 4096;

export interface CodeKey {
  keyId: string;
  /** 32 bytes. */
  key: Uint8Array;
}

export interface CodeSignerOptions {
  /** The ID written into new codes. Default 'K1'. */
  keyId?: string;
  /** Older keys whose codes still verify (after a rotation). */
  previousKeys?: readonly CodeKey[];
  /** The clock used for appointment expiry. */
  now?: () => number;
}

export class CodeSigner {
  readonly keyId: string;
  readonly #macKeys = new Map<string, Buffer>();
  readonly #now: () => number;

  /** `key`: the centre's 32-byte code key (see README for where it comes from). */
  constructor(key: Uint8Array, options: CodeSignerOptions = {}) {
    this.keyId = options.keyId ?? 'K1';
    this.#now = options.now ?? Date.now;
    for (const k of [{ keyId: this.keyId, key }, ...(options.previousKeys ?? [])]) {
      if (!KEY_ID.test(k.keyId)) throw new RangeError(`key ID must be 1–8 of 0-9 A-Z: ${k.keyId}`);
      if (k.key.length !== 32) throw new RangeError('a code key must be 32 bytes');
      this.#macKeys.set(k.keyId, deriveMacKey(k.key, k.keyId));
    }
  }

  /** The text to put in the QR code. Throws CodeFieldError for a field that cannot be encoded. */
  signCode(payload: CodePayload): string {
    const spec = CODE_TYPES[payload.type];
    const fields = encodePayload(payload);
    const body = [CODE_VERSION, spec.letter, this.keyId, ...fields].join('.');
    return `${body}.${this.#sign(this.keyId, body)}`;
  }

  verifyCode(scanned: string): CodeVerdict {
    const text = scanned.trim();
    if (text === '') return { kind: 'malformed', reason: 'empty' };
    if (!/^SQ\d/i.test(text)) return { kind: 'foreign', text, format: classifyForeign(text) };
    if (/^SQ1:/i.test(text)) return { kind: 'forged', reason: 'unsigned' };
    if (!/^SQ1\./i.test(text)) return { kind: 'malformed', reason: 'unsupported-version' };
    if (text.length > MAX_CODE_CHARS) return { kind: 'malformed', reason: 'too-long' };

    // The canonical form has no lower case; undo a scanner's Caps Lock inversion.
    const parts = text.toUpperCase().split('.');
    const type = typeForLetter(parts[1] ?? '');
    if (!type) return { kind: 'malformed', reason: 'unknown-type' };
    const keyId = parts[2] ?? '';
    if (!KEY_ID.test(keyId))
      return { kind: 'malformed', reason: parts.length <= 3 ? 'truncated' : 'bad-key-id' };
    const expectedParts = 3 + fieldCount(type) + 1;
    if (parts.length < expectedParts) return { kind: 'malformed', reason: 'truncated' };
    if (parts.length > expectedParts) return { kind: 'malformed', reason: 'field-count' };

    const signature = parts.at(-1)!;
    if (!/^[A-Z2-7]*$/.test(signature) || signature.length > SIGNATURE_CHARS) {
      return { kind: 'malformed', reason: 'bad-signature-encoding' };
    }
    if (signature.length < SIGNATURE_CHARS) return { kind: 'malformed', reason: 'truncated' };
    const macKey = this.#macKeys.get(keyId);
    if (!macKey) return { kind: 'forged', reason: 'unknown-key' };
    const body = parts.slice(0, -1).join('.');
    if (!signatureMatches(this.#sign(keyId, body), signature))
      return { kind: 'forged', reason: 'bad-signature' };

    const decoded = decodeFields(type, parts.slice(3, -1));
    if (!decoded.ok) return { kind: 'malformed', reason: 'bad-field', detail: decoded.field };
    const code = { kind: 'shequ', type, fields: decoded.fields, keyId } as ShequCode;
    if (code.type === 'appointment' && this.#now() > code.fields.expiresAt) {
      return { kind: 'expired', type: 'appointment', fields: code.fields, expiredAt: code.fields.expiresAt };
    }
    return code;
  }

  #sign(keyId: string, body: string): string {
    const mac = createHmac('sha256', this.#macKeys.get(keyId)!).update(body, 'ascii').digest();
    return toBase32(mac.subarray(0, SIGNATURE_BYTES));
  }
}

function encodePayload(payload: CodePayload): string[] {
  switch (payload.type) {
    case 'ticket':
      return encodeFields('ticket', payload.fields);
    case 'receipt':
      return encodeFields('receipt', payload.fields);
    case 'appointment':
      return encodeFields('appointment', payload.fields);
  }
}

function deriveMacKey(key: Uint8Array, keyId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, 'shequ codes', `${CODE_VERSION} ${keyId}`, 32));
}

function signatureMatches(expected: string, given: string): boolean {
  const a = fromBase32(expected);
  const b = fromBase32(given);
  return a !== null && b !== null && a.length === b.length && timingSafeEqual(a, b);
}

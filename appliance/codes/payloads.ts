/**
 * What each kind of Shequ code carries, and how each field is written. Field order is the order on
 * the wire; changing it, or adding a field, needs a new format version (SQ2).
 */
import {
  decodeDay,
  decodeInstant,
  decodeTime,
  encodeDay,
  encodeInstant,
  encodeTime,
  escapeField,
  unescapeField,
} from './field-codec.ts';

/** A queue ticket (排队号). */
export interface TicketFields {
  kioskId: string;
  /** The centre's calendar day the ticket is valid for, 'YYYY-MM-DD'. */
  day: string;
  /** The ticket number as printed, e.g. 'A023'. */
  number: string;
  ticketId: string;
}

/** An acceptance receipt (受理回执): lets the resident look up the case later. */
export interface ReceiptFields {
  kioskId: string;
  caseId: string;
  /** 'YYYY-MM-DD'. */
  acceptedOn: string;
}

/** An appointment (预约): checked in at the kiosk on the day. */
export interface AppointmentFields {
  appointmentId: string;
  serviceId: string;
  /** 'YYYY-MM-DD'. */
  day: string;
  /** Start of the slot, 'HH:MM'. */
  slot: string;
  /** Epoch ms after which the code is refused as expired (kept to the second). */
  expiresAt: number;
}

export interface CodeFieldsByType {
  ticket: TicketFields;
  receipt: ReceiptFields;
  appointment: AppointmentFields;
}

export type CodeType = keyof CodeFieldsByType;

export type CodePayload = { [K in CodeType]: { type: K; fields: CodeFieldsByType[K] } }[CodeType];

interface FieldCodec<V> {
  encode(value: V): string | null;
  decode(text: string): V | null;
}

/** Identifiers: any text up to 64 characters, escaped where needed. */
const text: FieldCodec<string> = {
  encode: (v) => (typeof v === 'string' && v.length > 0 && v.length <= 64 ? escapeField(v) : null),
  decode: (t) => {
    const v = unescapeField(t);
    return v && v.length <= 64 ? v : null;
  },
};
const day: FieldCodec<string> = { encode: (v) => encodeDay(v), decode: decodeDay };
const time: FieldCodec<string> = { encode: (v) => encodeTime(v), decode: decodeTime };
const instant: FieldCodec<number> = { encode: (v) => encodeInstant(v), decode: decodeInstant };

type Schema<F> = { readonly [K in keyof F]: FieldCodec<F[K]> };

interface TypeSpec<F> {
  letter: string;
  /** Field names in wire order. */
  order: readonly (keyof F & string)[];
  schema: Schema<F>;
}

export const CODE_TYPES: { readonly [K in CodeType]: TypeSpec<CodeFieldsByType[K]> } = {
  ticket: {
    letter: 'T',
    order: ['kioskId', 'day', 'number', 'ticketId'],
    schema: { kioskId: text, day, number: text, ticketId: text },
  },
  receipt: {
    letter: 'R',
    order: ['kioskId', 'caseId', 'acceptedOn'],
    schema: { kioskId: text, caseId: text, acceptedOn: day },
  },
  appointment: {
    letter: 'A',
    order: ['appointmentId', 'serviceId', 'day', 'slot', 'expiresAt'],
    schema: { appointmentId: text, serviceId: text, day, slot: time, expiresAt: instant },
  },
};

export function typeForLetter(letter: string): CodeType | null {
  for (const type of Object.keys(CODE_TYPES) as CodeType[]) {
    if (CODE_TYPES[type].letter === letter) return type;
  }
  return null;
}

/** The wire texts of the fields, in order; throws a CodeFieldError naming the first bad field. */
export function encodeFields<K extends CodeType>(type: K, fields: CodeFieldsByType[K]): string[] {
  const spec = CODE_TYPES[type] as TypeSpec<CodeFieldsByType[K]>;
  return spec.order.map((name) => {
    const encoded = spec.schema[name].encode(fields[name]);
    if (encoded === null) throw new CodeFieldError(type, name);
    return encoded;
  });
}

/** The fields back from their wire texts, or the name of the first one that does not decode. */
export function decodeFields(
  type: CodeType,
  texts: readonly string[],
): { ok: true; fields: CodeFieldsByType[CodeType] } | { ok: false; field: string } {
  const spec = CODE_TYPES[type] as TypeSpec<Record<string, unknown>>;
  const fields: Record<string, unknown> = {};
  for (const [i, name] of spec.order.entries()) {
    const value = spec.schema[name]!.decode(texts[i] ?? '');
    if (value === null) return { ok: false, field: name };
    fields[name] = value;
  }
  return { ok: true, fields: fields as unknown as CodeFieldsByType[CodeType] };
}

export function fieldCount(type: CodeType): number {
  return CODE_TYPES[type].order.length;
}

/** signCode was given a value that cannot go in a code: a programming error, not a verdict. */
export class CodeFieldError extends Error {
  override name = 'CodeFieldError';
  readonly code = 'code.bad-field';
  readonly field: string;
  constructor(type: CodeType, field: string) {
    super(`${type} code: field '${field}' is missing or has the wrong form`);
    this.field = field;
  }
}

/**
 * Decoding what arrives off MQTT: JSON, then checked against the payload's TypeBox schema from
 * contract/. A bad payload is a value (with the first problem named), never an exception, so one
 * malformed message cannot stop a subscriber.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';

export type Decoded<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface PayloadDecoder<T extends TSchema> {
  /** Parses a payload (bytes or text) and checks it. */
  decode(payload: Buffer | string): Decoded<Static<T>>;
  /** Checks an already parsed value. */
  check(value: unknown): Decoded<Static<T>>;
  is(value: unknown): value is Static<T>;
}

/** Compiles the schema once; `name` appears in problems, e.g. "invalid AckPayload at /acks/0/r: …". */
export function payloadDecoder<T extends TSchema>(schema: T, name: string): PayloadDecoder<T> {
  const compiled: TypeCheck<T> = TypeCompiler.Compile(schema);
  const check = (value: unknown): Decoded<Static<T>> => {
    if (compiled.Check(value)) return { ok: true, value };
    const first = compiled.Errors(value).First();
    return {
      ok: false,
      problem: first ? `invalid ${name} at ${first.path || '/'}: ${first.message}` : `invalid ${name}`,
    };
  };
  return {
    check,
    is: (value): value is Static<T> => compiled.Check(value),
    decode(payload) {
      let value: unknown;
      try {
        value = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
      } catch (err) {
        return { ok: false, problem: `not JSON: ${(err as Error).message}` };
      }
      return check(value);
    },
  };
}

/** A request body checked against its contract schema (compiled once); a 400 naming the first fault. */
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { HttpError } from '../central/module.ts';

const compiled = new Map<TSchema, ReturnType<typeof TypeCompiler.Compile>>();
export function checked<T>(schema: TSchema, value: unknown): T {
  let c = compiled.get(schema);
  if (!c) {
    c = TypeCompiler.Compile(schema);
    compiled.set(schema, c);
  }
  if (!c.Check(value)) {
    const e = c.Errors(value).First();
    throw new HttpError(400, 'bad-request', e ? `${e.path || '/'}: ${e.message}` : 'bad request body');
  }
  return value as T;
}

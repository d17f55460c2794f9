/** Building blocks the central console's API files share: days, nullable fields, paged lists. */
import { type TSchema, Type } from '@sinclair/typebox';

export const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const CaseState = Type.Union([
  Type.Literal('accepted'),
  Type.Literal('in-progress'),
  Type.Literal('suspended'),
  Type.Literal('completed'),
  Type.Literal('refused'),
]);
export const Level = Type.Union([
  Type.Literal('normal'),
  Type.Literal('warning'),
  Type.Literal('yellow'),
  Type.Literal('red'),
]);

/**
 * One page of a list. `total` is counted up to a cap (10,000): when `capped` is true there are
 * more rows than `total`, and the pages go on past it.
 */
export const Paged = <T extends TSchema>(row: T) =>
  Type.Object({
    total: Type.Integer({ minimum: 0 }),
    capped: Type.Optional(Type.Boolean()),
    page: Type.Integer({ minimum: 1 }),
    size: Type.Integer({ minimum: 1 }),
    rows: Type.Array(row),
  });

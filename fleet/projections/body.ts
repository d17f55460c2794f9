/**
 * Reading transaction bodies defensively. Ingest has validated the envelope, not every body
 * field, and a kiosk of an older version may leave a field out: a missing or mistyped field reads
 * as undefined, and the projection keeps what it knew.
 */
export type Body = Record<string, unknown>;

export const str = (b: Body, k: string): string | undefined => {
  const v = b[k];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
};

export const num = (b: Body, k: string): number | undefined => {
  const v = b[k];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

export const bool = (b: Body, k: string): boolean | undefined => {
  const v = b[k];
  return typeof v === 'boolean' ? v : undefined;
};

export const strList = (b: Body, k: string): string[] | undefined => {
  const v = b[k];
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
};

export const obj = (b: Body, k: string): Body | undefined => {
  const v = b[k];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Body) : undefined;
};

export const objList = (b: Body, k: string): Body[] => {
  const v = b[k];
  return Array.isArray(v) ? v.filter((x): x is Body => typeof x === 'object' && x !== null) : [];
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const day = (b: Body, k: string): string | undefined => {
  const v = str(b, k);
  return v && DAY.test(v) ? v : undefined;
};

/** A request refused by a limit: a 429 (or 503) that says when to try again (`Retry-After`). */
import type { FastifyReply } from 'fastify';
import { ApplianceError } from '../core/errors.ts';

export class ThrottledError extends ApplianceError {
  readonly retryAfterS: number;

  constructor(code: string, message: string, retryAfterMs: number, httpStatus = 429) {
    super(code, message, httpStatus);
    this.retryAfterS = Math.max(1, Math.ceil(retryAfterMs / 1000));
  }
}

/** Runs a route's work; a ThrottledError leaves with its `Retry-After` header set. */
export async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ThrottledError) reply.header('retry-after', String(err.retryAfterS));
    throw err;
  }
}

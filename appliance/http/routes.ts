/**
 * What every route module gets: the fastify instance, the core (services are reached through it on
 * each request, never held), and the staff check.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiError, Role, SessionView } from '../../contract/api.ts';
import type { ApplianceCore } from '../core/appliance-core.ts';

/** The session behind the request's cookie; writes also need the CSRF header; `role` the least role. */
export type StaffGuard = (req: FastifyRequest, write: boolean, role?: Exclude<Role, 'staff'>) => SessionView;

export interface RouteContext {
  app: FastifyInstance;
  core: ApplianceCore;
  staff: StaffGuard;
}

export function errorBody(code: string, message: string): ApiError {
  return { error: { code, message } };
}

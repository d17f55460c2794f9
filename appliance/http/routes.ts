/**
 * What every route module gets: the fastify instance, the core (services are reached through it on
 * each request, never held), and the staff check.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiError, Role, SessionView } from '../../contract/api.ts';
import type { ApplianceCore } from '../core/appliance-core.ts';
import type { DeviceRegistry } from '../pairing/device-registry.ts';
import type { DeviceGuard } from './device-guard.ts';

/** The session behind the request's cookie; writes also need the CSRF header; `role` the least role. */
export type StaffGuard = (req: FastifyRequest, write: boolean, role?: Exclude<Role, 'staff'>) => SessionView;

export interface RouteContext {
  app: FastifyInstance;
  core: ApplianceCore;
  staff: StaffGuard;
  /** The paired screen behind a request, when it has one of the given roles (else a 403). */
  device: DeviceGuard;
  devices: DeviceRegistry;
  /** Served over TLS: cookies are then `Secure`. */
  secure: boolean;
}

export function errorBody(code: string, message: string): ApiError {
  return { error: { code, message } };
}

/**
 * Which paired screen a request comes from (its device cookie), and who the client is for the
 * per-client limits: a paired screen by its ID, anyone else by address.
 */
import type { FastifyRequest } from 'fastify';
import { DEVICE_COOKIE, type DeviceRole } from '../../contract/api.ts';
import { ApplianceError } from '../core/errors.ts';
import type { DeviceRegistry, PairedDevice } from '../pairing/device-registry.ts';

export type DeviceGuard = (req: FastifyRequest, ...roles: DeviceRole[]) => PairedDevice;

export function deviceOf(registry: DeviceRegistry, req: FastifyRequest): PairedDevice | null {
  return registry.byToken(req.cookies[DEVICE_COOKIE]);
}

/** The paired screen behind the request when it has one of `roles`; otherwise a 403 that says why. */
export function deviceGuard(registry: DeviceRegistry): DeviceGuard {
  return (req, ...roles) => {
    const device = deviceOf(registry, req);
    if (!device) {
      throw new ApplianceError(
        'device.unpaired',
        `only a paired ${roles.join(' or ')} screen may do this: pair this screen with \`shequ pair ${roles[0]}\``,
        403,
      );
    }
    if (!roles.includes(device.role)) {
      throw new ApplianceError(
        'device.wrong-role',
        `this screen is paired as ${device.role}; this needs a ${roles.join(' or ')} screen`,
        403,
      );
    }
    return device;
  };
}

/** A route hook that refuses, before the body is even read, any client but a paired screen of `roles`. */
export function onlyFor(guard: DeviceGuard, ...roles: DeviceRole[]) {
  return async (req: FastifyRequest): Promise<void> => {
    guard(req, ...roles);
  };
}

/** The client's address, IPv4-mapped IPv6 written as IPv4. */
export function clientAddress(req: FastifyRequest): string {
  const ip = req.socket.remoteAddress ?? req.ip;
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/** The key of a client's limits: its paired screen, or its address. */
export function clientKey(registry: DeviceRegistry, req: FastifyRequest): string {
  const device = deviceOf(registry, req);
  return device ? `device:${device.id}` : `ip:${clientAddress(req)}`;
}

/** Server-sent events: the public state at connect and after every change (coalesced). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PublicState } from '../../contract/api.ts';
import type { ApplianceCore } from '../core/appliance-core.ts';
import type { DeviceRegistry } from '../pairing/device-registry.ts';
import { deviceOf } from './device-guard.ts';

const COALESCE_MS = 25;
const HEARTBEAT_MS = 15_000;

/**
 * The public state as this client may see it: the card on the reader and the last scan (both
 * masked) only for the paired kiosk screen; the board, the panel and anyone else get neither.
 */
export function visibleState(
  core: ApplianceCore,
  devices: DeviceRegistry,
): (req: FastifyRequest) => () => PublicState {
  return (req) => {
    const kiosk = deviceOf(devices, req)?.role === 'kiosk';
    return () => {
      const state = core.views.publicState();
      return kiosk ? state : { ...state, card: null, scan: null };
    };
  };
}

export function streamState(
  req: FastifyRequest,
  reply: FastifyReply,
  core: ApplianceCore,
  state: () => PublicState,
): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const send = () => res.write(`event: state\ndata: ${JSON.stringify(state())}\n\n`);
  let pending: NodeJS.Timeout | null = null;
  const onChanged = () => {
    pending ??= setTimeout(() => {
      pending = null;
      send();
    }, COALESCE_MS);
  };
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  core.on('changed', onChanged);
  req.raw.on('close', () => {
    core.off('changed', onChanged);
    clearInterval(heartbeat);
    if (pending) clearTimeout(pending);
  });
  res.write('retry: 2000\n\n');
  send();
}

/** Server-sent events: the public state at connect and after every change (coalesced). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApplianceCore } from '../core/appliance-core.ts';

const COALESCE_MS = 25;
const HEARTBEAT_MS = 15_000;

export function streamState(req: FastifyRequest, reply: FastifyReply, core: ApplianceCore): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const send = () => res.write(`event: state\ndata: ${JSON.stringify(core.views.publicState())}\n\n`);
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

/**
 * Server-sent events: the public state at connect and after every change. Each client holds at
 * most one update in the appliance's memory: while its socket has not taken the last one, newer
 * changes only mark it stale and the latest state is sent when the socket drains (latest wins). A
 * client that takes nothing for `stallSeconds` is dropped. The kernel's socket buffers take up to
 * 4 MB from a client that never reads before the socket stops taking anything, so one connection
 * carries at most `connectionBytes`: then the appliance ends it (a reading screen's EventSource
 * reconnects after the `retry` below and gets the whole state) and resets it if the client does not
 * close its side, which frees what the kernel holds for it. Clients are capped in all and per client
 * (paired screen or address), with a 503 or 429 that says so.
 */
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PublicState } from '../../contract/api.ts';
import type { ApplianceCore } from '../core/appliance-core.ts';
import { ThrottledError } from '../limits/throttled.ts';
import type { DeviceRegistry } from '../pairing/device-registry.ts';
import { clientKey, deviceOf } from './device-guard.ts';

const COALESCE_MS = 25;
const HEARTBEAT_MS = 15_000;
const RETRY_MS = 2000;

/** Closes at once and frees the kernel's buffers (a reset), where the socket allows it (plain TCP). */
function dropNow(socket: Socket): void {
  if (socket.destroyed) return;
  if (socket instanceof TLSSocket) socket.destroy();
  else socket.resetAndDestroy();
}

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

export class StateStreams {
  private readonly perClient = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly core: ApplianceCore,
    private readonly devices: DeviceRegistry,
  ) {}

  /** Clients following the stream now. */
  get size(): number {
    return this.total;
  }

  serve(req: FastifyRequest, reply: FastifyReply, state: () => PublicState): void {
    const limits = this.core.config.limits.stream;
    const client = clientKey(this.devices, req);
    const mine = this.perClient.get(client) ?? 0;
    if (mine >= limits.maxPerClient) {
      throw new ThrottledError(
        'stream.client-full',
        `this client already follows the state stream ${mine} times; close a screen first`,
        30_000,
      );
    }
    if (this.total >= limits.maxClients) {
      throw new ThrottledError(
        'stream.full',
        `the state stream has its ${limits.maxClients} clients; try again shortly`,
        30_000,
        503,
      );
    }
    this.perClient.set(client, mine + 1);
    this.total++;
    reply.hijack();
    const res = reply.raw;
    const socket = req.raw.socket;
    let stale = false;
    let inFlight = 0;
    let carried = 0;
    let ending = false;
    let pending: NodeJS.Timeout | null = null;
    let stall: NodeJS.Timeout | null = null;
    const busy = () => inFlight > 0;
    const flushed = () => {
      inFlight--;
      if (inFlight > 0 || res.destroyed) return;
      if (stall) clearTimeout(stall);
      stall = null;
      if (stale) send();
    };
    const write = (chunk: string) => {
      if (ending) return;
      inFlight++;
      carried += Buffer.byteLength(chunk);
      res.write(chunk, flushed);
      stall ??= setTimeout(() => dropNow(socket), limits.stallSeconds * 1000);
      if (carried >= limits.connectionBytes) endConnection();
    };
    const endConnection = () => {
      ending = true;
      res.end();
      socket.end(); // after what is queued: a reader takes it all, then reconnects
      // A client that does not close its side within a few seconds is reset: that frees what the kernel holds for it.
      const reset = setTimeout(() => dropNow(socket), Math.min(limits.stallSeconds * 1000, 5000));
      socket.once('close', () => clearTimeout(reset));
    };
    const send = () => {
      if (ending) return;
      if (busy()) {
        stale = true; // sent once the socket takes the last one: the latest state then, not each in between
        return;
      }
      stale = false;
      write(`event: state\ndata: ${JSON.stringify(state())}\n\n`);
    };
    const onChanged = () => {
      pending ??= setTimeout(() => {
        pending = null;
        send();
      }, COALESCE_MS);
    };
    const heartbeat = setInterval(() => {
      if (!busy()) write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    this.core.on('changed', onChanged);
    let gone = false;
    const leave = () => {
      if (gone) return;
      gone = true;
      this.core.off('changed', onChanged);
      clearInterval(heartbeat);
      if (pending) clearTimeout(pending);
      if (stall) clearTimeout(stall);
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left > 0) this.perClient.set(client, left);
      else this.perClient.delete(client);
      this.total--;
    };
    // The slot is given back when the socket is gone, not when the response ends: until then the box holds its buffers.
    socket.once('close', leave);
    if (socket.destroyed) leave(); // already gone: 'close' may have fired before the listener
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    write(`retry: ${RETRY_MS}\n\n`);
    send();
  }
}

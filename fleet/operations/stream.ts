/**
 * Server-sent events to every open fleet page: kiosk rows that changed (coalesced for a moment,
 * so a thousand retained messages at start-up are a handful of events), alerts, command results
 * and rollout progress as they happen. A comment line every 15 s keeps proxies from closing it.
 */
import type { ServerResponse } from 'node:http';
import type { FleetAlert, FleetCommand, FleetKiosk } from '../../contract/central-fleet.ts';

export class FleetStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly changed = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private readonly keepAlive: NodeJS.Timeout;

  constructor(
    private readonly rowOf: (kioskId: string) => FleetKiosk | undefined,
    private readonly coalesceMs = 200,
  ) {
    this.keepAlive = setInterval(() => this.write(': keep-alive\n\n'), 15_000);
    this.keepAlive.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  open(res: ServerResponse): void {
    this.clients.add(res);
    res.write('retry: 2000\n: connected\n\n');
    res.on('close', () => this.clients.delete(res));
  }

  private write(chunk: string): void {
    for (const c of this.clients) c.write(chunk);
  }

  private event(name: string, data: unknown): void {
    if (this.clients.size > 0) this.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  kioskChanged(kioskId: string): void {
    this.changed.add(kioskId);
    this.timer ??= setTimeout(() => this.flushKiosks(), this.coalesceMs);
  }

  private flushKiosks(): void {
    this.timer = null;
    const rows = [...this.changed]
      .map((id) => this.rowOf(id))
      .filter((r): r is FleetKiosk => r !== undefined);
    this.changed.clear();
    if (rows.length) this.event('kiosks', { rows });
  }

  alert(a: FleetAlert): void {
    this.event('alert', a);
    this.kioskChanged(a.kioskId);
  }

  command(c: FleetCommand): void {
    this.event('command', c);
  }

  rollout(id: number, state: string): void {
    this.event('rollout', { id, state });
  }

  close(): void {
    clearInterval(this.keepAlive);
    if (this.timer) clearTimeout(this.timer);
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}

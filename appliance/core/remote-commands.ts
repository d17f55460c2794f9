/** What this kiosk does when central sends a command (see contract/mqtt.ts COMMAND_NAMES). */
import type { DeviceHealth, DevicesView } from '../../contract/api.ts';
import type { FleetAgent } from '../fleet-agent/agent.ts';
import type { CommandHandlers } from '../fleet-agent/command-inbox.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { Queue } from '../queue/queue.ts';
import type { Store } from '../store/store.ts';
import type { EventLog } from './event-log.ts';
import type { KioskDesk } from './kiosk-desk.ts';
import type { PrintDesk } from './print-desk.ts';

/** What keeps the staff panel's HTTPS certificate: its health, and a renewal central can ask for. */
export interface PanelCertKeeper {
  health(): DeviceHealth;
  renew?(): Promise<{ notAfter: number }>;
}

export interface RemoteCommandDeps {
  queue: () => Queue;
  store: Store;
  outbox: Outbox;
  kiosk: KioskDesk;
  print: PrintDesk;
  log: EventLog;
  devices: () => DevicesView;
  /** The agent the commands arrive through; it exists only once the handlers are given to it. */
  agent: () => FleetAgent | null;
  panelCert: () => PanelCertKeeper | null;
}

export function remoteCommands(deps: RemoteCommandDeps): CommandHandlers {
  return {
    reprint: async (args) => {
      const ref =
        typeof args.ticketId === 'string'
          ? args.ticketId
          : typeof args.number === 'string'
            ? args.number
            : '';
      const ticket =
        deps
          .queue()
          .tickets()
          .find((t) => t.id === ref || t.number === ref) ?? deps.store.get('ticket', ref);
      if (!ticket) throw new Error(`no ticket '${ref}' (give args.ticketId or today's args.number)`);
      if (!deps.print.hasPrinter) throw new Error('no printer configured');
      return { ticket: ticket.number, printed: await deps.kiosk.reprint(ticket) };
    },
    'print-test': async () => {
      await deps.print.testPage();
      return { printed: true };
    },
    'sync-now': async () => deps.agent()?.syncNow() ?? { connected: false, pending: deps.outbox.depth },
    'restart-service': async (args) => {
      if (args.service !== undefined && args.service !== 'uplink') {
        throw new Error(`cannot restart '${String(args.service)}'; only 'uplink' can be restarted remotely`);
      }
      setTimeout(() => deps.agent()?.restartUplink(), 100).unref();
      return { restarting: 'uplink' };
    },
    'renew-panel-cert': async () => {
      const keeper = deps.panelCert();
      if (!keeper?.renew)
        throw new Error('this kiosk serves no district panel certificate (http.tls with cert/key, or none)');
      const renewed = await keeper.renew();
      return { notAfter: new Date(renewed.notAfter).toISOString() };
    },
    'collect-logs': async (args) => ({
      entries: deps.log.recent(typeof args.limit === 'number' ? Math.min(500, args.limit) : 100),
      devices: deps.devices(),
    }),
  };
}

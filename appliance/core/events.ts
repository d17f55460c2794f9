/**
 * The typed events of the appliance core. Edges (device adapters, the fleet agent, the store) turn
 * what happens at their end into `EdgeEvent`s and hand them to `ApplianceCore.handle`; the core
 * announces what changed as `CoreEvents`. Nothing else crosses between them.
 */
import type { DeviceHealth, ScanView } from '../../contract/api.ts';
import type { ApplianceConfig } from '../../contract/config/schema.ts';
import type { Identity } from '../../drivers/idcard/index.ts';
import type { CaseRecord } from '../cases/records.ts';
import type { UplinkState } from '../fleet-agent/agent.ts';
import type { Commit, TicketRecord } from '../store/records.ts';

/** The devices whose health the core follows (the uplink is the fleet agent's). */
export type DeviceName = 'reader' | 'scanner' | 'printer' | 'camera';

/** Where the person at the kiosk was read from: the chip of the ID card, or a photo of it (OCR). */
export type IdentitySource = 'reader' | 'camera';

export type EdgeEvent =
  | { type: 'card.placed'; identity: Identity; source: IdentitySource }
  | { type: 'card.removed'; source: IdentitySource }
  /** The text a scanner read; the core turns it into a verdict (`scan.read`). */
  | { type: 'code.scanned'; text: string }
  | { type: 'device.health'; device: DeviceName; health: DeviceHealth }
  | { type: 'uplink.changed'; uplink: UplinkState }
  | { type: 'outbox.changed' };

export interface CoreEvents {
  /** A scanned code, verified: a verdict the screens translate. */
  'scan.read': [ScanView];
  'ticket.changed': [TicketRecord];
  'case.changed': [CaseRecord];
  /** A durable commit, with the transaction for central when it carries one. */
  committed: [Commit];
  'config.changed': [ApplianceConfig];
  /** A ticket's print job was accepted by the printer. */
  printed: [ticketId: string];
  /** Anything the screens show may have changed (the state stream pushes on it). */
  changed: [];
}

/**
 * Puts the shared datasets into effect on the appliance: the fleet agent's connection also carries
 * them; the district's catalogue is what the guide and the acceptance form read; a case's
 * back-office steps show on the resident's progress lookup; bookings made centrally join the
 * centre's appointments; supervision notices and central's side of the centre's 差评
 * rectifications show on the admin panel.
 */
import { join } from 'node:path';
import type {
  CaseProgressEntry,
  CentralAppointment,
  NoticeEntry,
  RectificationEntry,
} from '../../contract/sharing.ts';
import type { TrustedKey } from '../../platform/bundle-signature.ts';
import { verifyCentralBooking } from '../../platform/central-booking-code.ts';
import type { DeviceBindings } from '../bindings/device-bindings.ts';
import type { ApplianceCore } from '../core/appliance-core.ts';
import type { AppointmentRecord } from '../queue/appointment-record.ts';
import { catalogueLookup } from './catalogue.ts';
import { SharedData } from './shared-data.ts';

export interface SharingOptions {
  /** Central's dataset keys, pinned at enrolment. */
  trustedKeys: readonly TrustedKey[];
  siteId?: string;
  districtId?: string;
}

/** Who booked an appointment that came from central (the online booking service, through central). */
export const CENTRAL_BOOKER = 'central';

async function joinAppointments(core: ApplianceCore, bookings: CentralAppointment[]): Promise<void> {
  const fresh: AppointmentRecord[] = bookings
    .filter((b) => !core.store.get('appointment', b.bookingId))
    .map((b) => ({
      kind: 'appointment',
      id: b.bookingId,
      serviceId: b.serviceId,
      day: b.day,
      slot: b.slot,
      bookedBy: CENTRAL_BOOKER,
      bookedAt: b.bookedAt,
    }));
  if (fresh.length > 0) await core.store.commit(fresh);
}

/** Returns the step that detaches it again (for the assembly's unwinding). */
export async function attachSharing(
  core: ApplianceCore,
  bindings: DeviceBindings,
  opts: { dataDir: string; sharing?: SharingOptions },
): Promise<() => void> {
  const broker = bindings.broker;
  if (!broker || !opts.sharing) return () => {};
  const sync = () => joinAppointments(core, shared.streams.entriesOf('appointments') as CentralAppointment[]);
  const shared: SharedData = new SharedData({
    kioskId: core.config.kioskId,
    dir: join(opts.dataDir, 'shared'),
    trustedKeys: opts.sharing.trustedKeys,
    ...(opts.sharing.siteId ? { siteId: opts.sharing.siteId } : {}),
    ...(opts.sharing.districtId ? { districtId: opts.sharing.districtId } : {}),
    log: (level, message) => core.log.add(level, 'sharing', message),
    onApplied: async (state) => {
      if (state.dataset === 'appointments') await sync();
      if (state.dataset === 'catalogue') core.attachCatalogue(catalogueLookup(shared.streams));
    },
  });
  const before = broker.onConnected;
  broker.onConnected = async (client) => {
    await before?.(client);
    await shared.onConnected(client);
  };
  core.attachBackOffice((caseId) => {
    const entry = shared.streams
      .entriesOf('progress')
      .find((e) => (e as CaseProgressEntry).caseId === caseId) as CaseProgressEntry | undefined;
    return (entry?.steps ?? []).map((s) => ({ department: entry!.department, ...s }));
  });
  core.attachNotices(() => shared.streams.entriesOf('notices') as NoticeEntry[]);
  core.attachRectifications(() => shared.streams.entriesOf('rectifications') as RectificationEntry[]);
  // A code central signed for a booking here checks in offline, with central's pinned key alone.
  const trusted = opts.sharing.trustedKeys;
  core.appointments.acceptCentralCodes((code) => {
    const verdict = verifyCentralBooking(code, trusted);
    return verdict.ok && verdict.fields.kioskId !== core.config.kioskId
      ? { ok: false, why: 'another-kiosk' }
      : verdict;
  });
  core.attachCatalogue(catalogueLookup(shared.streams));
  await sync();
  return () => shared.removeAllListeners();
}

/** Kiosk health as ingest last heard it (status, telemetry) and recent device alarms. */
import {
  centralAdminPaths,
  type KioskHealthResponse,
  type KioskHealthRow,
} from '../../../contract/central-admin-api.ts';
import type { ConsoleModule } from '../module.ts';

export const kiosksModule: ConsoleModule = {
  id: 'kiosks',
  pages: [{ path: '/kiosks', permission: 'fleet.view', title: { zh: '终端状态', en: 'Kiosks' } }],
  routes: () => [
    {
      method: 'GET',
      url: centralAdminPaths.kiosks,
      permission: 'fleet.view',
      async handler(req) {
        const rows = await req.db.query<KioskHealthRow>(
          `SELECT k.kiosk_id, k.state, k.status_ts, k.version, k.reason, k.telemetry, k.telemetry_ts, k.last_seen,
                  (SELECT count(*)::int FROM kiosk_alarms a WHERE a.kiosk_id = k.kiosk_id
                     AND a.ts > (extract(epoch FROM now()) * 1000 - 86400000)) AS alarms_24h
             FROM kiosks k ORDER BY k.kiosk_id`,
        );
        const body: KioskHealthResponse = { rows };
        return { body };
      },
    },
  ],
};

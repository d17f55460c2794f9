/**
 * Data sharing as `shequ central serve` starts it: `--share-broker URL` (the svc-share login in the
 * URL, the only identity the broker lets write datasets), with `--fleet-data DIR` for the key the
 * kiosks pinned at enrolment (the configuration signing key) and the registry's sites, and
 * `--district ID` naming the district's streams.
 */
import { CliError, UsageError } from '../../platform/cli/index.ts';
import type { CentralDb } from '../db/sql.ts';
import { loadSigningKey } from '../enroll/central-pki.ts';
import { type SharingService, startSharingService } from './service.ts';

export const SHARE_SERVE_OPTIONS = {
  'share-broker': { type: 'string' },
  district: { type: 'string', default: 'district' },
} as const;

export const SHARE_SERVE_USAGE = `  --share-broker URL  share the catalogue, bookings and back-office steps down to the kiosks over this
                      broker, as svc-share (user:password@ in the URL); needs --fleet-data (its key)
  --district ID       the district's ID in its shared datasets (default: district)`;

/** The flags' own mistakes, before anything is opened. */
export function checkShareFlags(v: {
  'share-broker'?: string | undefined;
  'fleet-data'?: string | undefined;
}): void {
  if (v['share-broker'] && !v['fleet-data'])
    throw new UsageError('--share-broker needs --fleet-data (the key the kiosks pinned)');
}

export async function startSharingFromCli(
  db: CentralDb,
  v: {
    'share-broker'?: string | undefined;
    'fleet-data'?: string | undefined;
    district?: string | undefined;
  },
  log: (line: string) => void,
): Promise<SharingService | undefined> {
  const url = v['share-broker'];
  if (!url) return undefined;
  checkShareFlags(v);
  const dataDir = v['fleet-data']!;
  const key = await loadSigningKey(dataDir).catch((err: Error) => {
    throw new CliError(`${err.message} in ${dataDir}`);
  });
  return startSharingService({ db, brokerUrl: url, key, districtId: v.district ?? 'district', dataDir, log });
}

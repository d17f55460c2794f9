/**
 * Fleet operations as `shequ central serve` starts them: `--fleet-broker URL` (the svc-console
 * login in the URL), `--fleet-data DIR` (central's PKI and enrolment directory: the configuration
 * signing key for rollouts, the registry's sites and approvals, the CRL) and `--fleet-rules FILE`
 * (the alert rules as JSON, e.g. {"offlineMinutes": 15, "diskFreePercent": 5}).
 */
import { readFile } from 'node:fs/promises';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { CliError } from '../../platform/cli/index.ts';
import type { CentralDb } from '../db/central-db.ts';
import { loadSigningKey } from '../enroll/central-pki.ts';
import type { AlertRules } from './alert-rules.ts';
import { type FleetOperations, startFleetOperations } from './service.ts';

export const FLEET_SERVE_OPTIONS = {
  'fleet-broker': { type: 'string' },
  'fleet-data': { type: 'string' },
  'fleet-rules': { type: 'string' },
} as const;

export const FLEET_SERVE_USAGE = `  --fleet-broker URL  fleet operations (fleet pages, alerts, commands, rollouts) over this broker,
                      as the console service (svc-console; user:password@ in the URL)
  --fleet-data DIR    central's PKI directory (shequ fleet ca init): signs rollouts, sites, revocation
  --fleet-rules FILE  alert rules as JSON: offlineMinutes, paper, outboxAgeMinutes, diskFreePercent,
                      versionDrift, driftGraceMinutes, siteSoftware, noHeartbeatMinutes (null: off)`;

const Minutes = Type.Union([Type.Number({ minimum: 0 }), Type.Null()]);
/** The rules file: every key optional (the rest keep their defaults), nothing else allowed. */
const RulesFile = Type.Partial(
  Type.Object(
    {
      offlineMinutes: Minutes,
      paper: Type.Boolean(),
      outboxAgeMinutes: Minutes,
      diskFreePercent: Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()]),
      versionDrift: Type.Boolean(),
      driftGraceMinutes: Type.Number({ minimum: 0 }),
      siteSoftware: Type.Record(Type.String(), Type.String()),
      noHeartbeatMinutes: Minutes,
    },
    { additionalProperties: false },
  ),
);
const checkRules = TypeCompiler.Compile(RulesFile);

async function readRules(file: string): Promise<Partial<AlertRules>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new CliError(`cannot read the alert rules ${file}: ${(err as Error).message}`);
  }
  if (!checkRules.Check(parsed)) {
    const [first] = checkRules.Errors(parsed);
    throw new CliError(`the alert rules ${file}: ${first?.path || '/'} ${first?.message ?? 'invalid'}`);
  }
  return parsed;
}

export async function startFleetFromCli(
  db: CentralDb,
  v: {
    'fleet-broker'?: string | undefined;
    'fleet-data'?: string | undefined;
    'fleet-rules'?: string | undefined;
  },
  log: (line: string) => void,
): Promise<FleetOperations | undefined> {
  const url = v['fleet-broker'];
  if (!url) return undefined;
  const rules = v['fleet-rules'] ? await readRules(v['fleet-rules']) : undefined;
  const dataDir = v['fleet-data'];
  const signingKey = dataDir
    ? await loadSigningKey(dataDir).catch((err: Error) => {
        throw new CliError(`${err.message} in ${dataDir}; or leave out --fleet-data (no rollouts)`);
      })
    : undefined;
  return startFleetOperations({
    db,
    broker: { url },
    ...(dataDir ? { dataDir } : {}),
    ...(signingKey ? { signingKey } : {}),
    ...(rules ? { alerts: rules } : {}),
    log,
  });
}

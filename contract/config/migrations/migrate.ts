/**
 * Brings a configuration of any older schemaVersion up to the current one, step by step. It only
 * reshapes; validation stays with parseConfig, which the caller runs on the result.
 */
import { CONFIG_SCHEMA_VERSION } from '../schema.ts';
import { type ConfigMigration, type ConfigObject, isObject, MigrationError } from './migration.ts';
import { v0ToV1 } from './v0-pre-release.ts';
import { v1ToV2 } from './v1-device-classes.ts';

export const MIGRATIONS: readonly ConfigMigration[] = [v0ToV1, v1ToV2];

export interface MigrationResult {
  config: ConfigObject;
  from: number;
  to: number;
  applied: string[];
}

function versionOf(config: ConfigObject): number {
  const v = config.schemaVersion;
  if (v === undefined) return 0; // the pre-release layout had no version field
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new MigrationError('config.unknown-version', `schemaVersion ${JSON.stringify(v)} is not a version`);
  }
  return v;
}

export function migrate(
  config: unknown,
  migrations: readonly ConfigMigration[] = MIGRATIONS,
  target: number = CONFIG_SCHEMA_VERSION,
): MigrationResult {
  if (!isObject(config))
    throw new MigrationError('config.not-an-object', 'configuration is not a JSON object');
  const from = versionOf(config);
  if (from > target) {
    throw new MigrationError(
      'config.too-new',
      `configuration has schemaVersion ${from}; this software understands up to ${target}`,
    );
  }
  let current: ConfigObject = structuredClone(config);
  const applied: string[] = [];
  for (let v = from; v < target; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) throw new MigrationError('config.unknown-version', `no migration from schemaVersion ${v}`);
    try {
      current = step.up(current);
    } catch (err) {
      throw new MigrationError('config.migration-failed', `${step.name} failed: ${(err as Error).message}`);
    }
    current.schemaVersion = step.to;
    applied.push(step.name);
  }
  return { config: current, from, to: target, applied };
}

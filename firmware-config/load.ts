/**
 * Reads an installer's configuration file: JSON, brought up to the current schema version by the
 * migrations, then validated. Every failure is a ConfigError whose message names the file and field.
 */
import { readFileSync } from 'node:fs';
import { migrate } from '../contract/config/migrations/migrate.ts';
import { MigrationError } from '../contract/config/migrations/migration.ts';
import { ConfigError, parseConfig } from '../contract/config/parse.ts';
import type { ApplianceConfig } from '../contract/config/schema.ts';

export { ConfigError };

export function loadConfigFile(path: string): ApplianceConfig {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read ${path}: ${(err as Error).message}`, []);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new ConfigError(`${path} is not valid JSON: ${(err as Error).message}`, []);
  }
  try {
    return parseConfig(migrate(json).config, path);
  } catch (err) {
    if (err instanceof MigrationError) throw new ConfigError(`${path}: ${err.message}`, [err.message]);
    throw err;
  }
}

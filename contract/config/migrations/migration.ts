export type ConfigObject = Record<string, unknown>;

/** One step of the chain: turns a configuration of schemaVersion `from` into `from + 1`. */
export interface ConfigMigration {
  from: number;
  to: number;
  /** Short name recorded in `applied`, e.g. "0→1 rename pre-release fields". */
  name: string;
  up(config: ConfigObject): ConfigObject;
}

export class MigrationError extends Error {
  constructor(
    readonly code:
      | 'config.not-an-object'
      | 'config.unknown-version'
      | 'config.too-new'
      | 'config.migration-failed',
    message: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

export function isObject(value: unknown): value is ConfigObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

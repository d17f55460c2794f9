import { readFileSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { type HardwareProfile, PrinterHardwareProfile, ReaderProfile, ScannerProfile } from './schema.ts';

export const KNOWN_PROFILES_PATH = new URL('./known-profiles.json', import.meta.url).pathname;

export class ProfileError extends Error {
  readonly code = 'profiles.invalid';
}

const schemaByKind = {
  reader: ReaderProfile,
  scanner: ScannerProfile,
  printer: PrinterHardwareProfile,
} as const;

/** Validates one entry against the schema of its `kind`, so errors name the field, not "union". */
function parseOne(item: unknown, where: string): HardwareProfile {
  const kind = typeof item === 'object' && item !== null ? (item as { kind?: unknown }).kind : undefined;
  if (kind !== 'reader' && kind !== 'scanner' && kind !== 'printer') {
    throw new ProfileError(`${where}/kind: must be reader, scanner or printer (got ${JSON.stringify(kind)})`);
  }
  const schema = schemaByKind[kind];
  const withDefaults = Value.Default(schema, structuredClone(item));
  const first = Value.Errors(schema, withDefaults).First();
  if (first) throw new ProfileError(`${where}${first.path}: ${first.message}`);
  return withDefaults as HardwareProfile;
}

/** Parses and validates a profile list; duplicate IDs and unknown fields are errors. */
export function parseProfiles(input: unknown, source = 'hardware profiles'): HardwareProfile[] {
  if (!Array.isArray(input)) throw new ProfileError(`${source}: expected a list of profiles`);
  const profiles = input.map((item, i) => parseOne(item, `${source}: /${i}`));
  const seen = new Set<string>();
  for (const p of profiles) {
    if (seen.has(p.id)) throw new ProfileError(`${source}: profile id ${p.id} appears twice`);
    seen.add(p.id);
  }
  return profiles;
}

let cached: HardwareProfile[] | undefined;

export function knownProfiles(): HardwareProfile[] {
  cached ??= parseProfiles(JSON.parse(readFileSync(KNOWN_PROFILES_PATH, 'utf8')), KNOWN_PROFILES_PATH);
  return cached;
}

export function profileById(id: string, profiles = knownProfiles()): HardwareProfile | undefined {
  return profiles.find((p) => p.id === id);
}

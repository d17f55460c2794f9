/**
 * A simulated card, describable as JSON (see sim-cards/). Validated at load with a readable error,
 * so a typo in a card file is named instead of producing a card that silently reads differently.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const SimCardSchema = Type.Object(
  {
    type: Type.Union([
      Type.Literal('resident'),
      Type.Literal('hmt-residence'),
      Type.Literal('foreign-2017'),
      Type.Literal('foreign-2023'),
    ]),
    /** Chinese name ('' or absent if none). */
    name: Type.Optional(Type.String({ maxLength: 15 })),
    nameEn: Type.Optional(Type.String({ maxLength: 60 })),
    gender: Type.Union([
      Type.Literal('male'),
      Type.Literal('female'),
      Type.Literal('unknown'),
      Type.Literal('unstated'),
    ]),
    /** GB 3304 two-digit code, resident cards only. */
    nationCode: Type.Optional(Type.String({ pattern: '^\\d{2}$' })),
    birthDate: IsoDate,
    address: Type.Optional(Type.String({ maxLength: 35 })),
    number: Type.String({ minLength: 1, maxLength: 18 }),
    issuer: Type.Optional(Type.String({ maxLength: 15 })),
    validFrom: IsoDate,
    validTo: Type.Union([IsoDate, Type.Literal('long-term')]),
    passNumber: Type.Optional(Type.String({ maxLength: 9 })),
    issueCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })),
    nationality: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    renewalCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })),
    cardVersion: Type.Optional(Type.String({ maxLength: 2 })),
    authorityCode: Type.Optional(Type.String({ maxLength: 4 })),
    previousNumberLink: Type.Optional(Type.String({ maxLength: 3 })),
    /** Seed of the 1024 opaque WLT bytes. */
    photoSeed: Type.Optional(Type.Integer()),
    /** Fingerprint data returned by 30 10: none, one template, or two. */
    fingerprintBytes: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(512), Type.Literal(1024)])),
    /** Newest appended address (30 03); absent means the SAM answers 91. */
    appendedAddress: Type.Optional(Type.String({ maxLength: 35 })),
  },
  { additionalProperties: false },
);

export type SimCard = Static<typeof SimCardSchema>;

const checkSimCard = TypeCompiler.Compile(SimCardSchema);

export class SimCardError extends Error {
  readonly code = 'SIM_CARD_INVALID';
  override name = 'SimCardError';
}

export const SIM_CARDS_DIR = fileURLToPath(new URL('../sim-cards/', import.meta.url));

export function parseSimCard(json: unknown, source: string): SimCard {
  if (checkSimCard.Check(json)) return json;
  const problems = [...checkSimCard.Errors(json)].slice(0, 5).map((e) => `${e.path || '/'}: ${e.message}`);
  throw new SimCardError(`${source} is not a valid simulated card:\n  ${problems.join('\n  ')}`);
}

/** 'resident-zhang' loads sim-cards/resident-zhang.json; anything with a slash or '.json' is a path. */
export function loadSimCard(nameOrPath: string): SimCard {
  const isPath = nameOrPath.includes('/') || nameOrPath.endsWith('.json');
  const file = isPath
    ? isAbsolute(nameOrPath)
      ? nameOrPath
      : resolve(nameOrPath)
    : resolve(SIM_CARDS_DIR, `${nameOrPath}.json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SimCardError(`cannot read simulated card '${nameOrPath}' (${file}): ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SimCardError(`${file} is not JSON: ${(err as Error).message}`);
  }
  return parseSimCard(json, file);
}

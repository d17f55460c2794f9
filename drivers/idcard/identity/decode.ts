/**
 * Decodes the 256-byte text block and the WLT photo into one typed identity, branching on the
 * card-type flag at offset 248 (reference §6). Nothing here throws on odd card content: a field that
 * does not hold what its format requires is kept as read and listed in `problems`, and a number whose
 * check character fails is reported with `checkDigitValid: false`.
 */
import {
  genderFromIdNumber,
  isValidForeign2017Number,
  isValidForeign2023Number,
  isValidIdNumber,
} from './check-digit.ts';
import { GENDER_CODES, NATION_CODES } from './code-tables.ts';
import {
  cardTypeFromFlag,
  FOREIGN_2017_LAYOUT,
  FOREIGN_2023_LAYOUT,
  HMT_LAYOUT,
  RESIDENT_LAYOUT,
  readField,
} from './text-layout.ts';
import type { CardPhoto, Gender, Identity } from './types.ts';

export const PHOTO_NOTE =
  'WLT photo kept as bytes: no offline WLT decoder is available (vendor library needed)';
const LONG_TERM = '长期';

function photoOf(bytes: Uint8Array): CardPhoto {
  return { format: 'wlt', bytes, decoded: null, note: PHOTO_NOTE };
}

function date(raw: string, field: string, problems: string[]): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (m) {
    const [, y, mo, d] = m;
    const parsed = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
    if (parsed.getUTCMonth() === Number(mo) - 1 && parsed.getUTCDate() === Number(d))
      return `${y}-${mo}-${d}`;
  }
  problems.push(`${field} is not a valid YYYYMMDD date`);
  return raw;
}

function validTo(raw: string, problems: string[]): string {
  return raw === LONG_TERM ? 'long-term' : date(raw, 'validTo', problems);
}

function gender(raw: string, problems: string[]): Gender {
  const g = GENDER_CODES[raw];
  if (g) return g;
  problems.push('gender code is not one of 0, 1, 2, 9');
  return 'unknown';
}

function count(raw: string, field: string, problems: string[]): number | undefined {
  if (raw === '') return undefined;
  if (/^\d+$/.test(raw)) return Number(raw);
  problems.push(`${field} is not a number`);
  return undefined;
}

/** Cross-checks an 18-character number against the birth date and gender printed beside it. */
function crossCheckNumber(identity: Identity, problems: string[]): void {
  const n = identity.number;
  if (n.length !== 18) return;
  if (identity.birthDate.replaceAll('-', '') !== n.slice(6, 14))
    problems.push('birth date differs from the number');
  const parity = genderFromIdNumber(n);
  if (parity && (identity.gender === 'male' || identity.gender === 'female') && parity !== identity.gender) {
    problems.push('gender differs from the number');
  }
}

function decodeResidentOrHmt(
  text: Uint8Array,
  hmt: boolean,
  photo: Uint8Array,
  problems: string[],
): Identity {
  const L = RESIDENT_LAYOUT;
  const number = readField(text, L.number);
  const identity: Identity = {
    cardType: hmt ? 'hmt-residence' : 'resident',
    name: readField(text, L.name),
    gender: gender(readField(text, L.gender), problems),
    birthDate: date(readField(text, L.birthDate), 'birthDate', problems),
    address: readField(text, L.address),
    number,
    checkDigitValid: isValidIdNumber(number),
    issuer: readField(text, L.issuer),
    validFrom: date(readField(text, L.validFrom), 'validFrom', problems),
    validTo: validTo(readField(text, L.validTo), problems),
    photo: photoOf(photo),
  };
  if (hmt) {
    identity.passNumber = readField(text, HMT_LAYOUT.passNumber);
    const issueCount = count(readField(text, HMT_LAYOUT.issueCount), 'issueCount', problems);
    if (issueCount !== undefined) identity.issueCount = issueCount;
  } else {
    const code = readField(text, L.nation);
    const nation = NATION_CODES[code];
    identity.nationCode = code;
    if (nation) identity.nation = nation;
    else problems.push('nation code is not in GB 3304');
  }
  crossCheckNumber(identity, problems);
  return identity;
}

function decodeForeign2017(text: Uint8Array, photo: Uint8Array, problems: string[]): Identity {
  const L = FOREIGN_2017_LAYOUT;
  const number = readField(text, L.number);
  return {
    cardType: 'foreign-2017',
    name: readField(text, L.name),
    nameEn: readField(text, L.nameEn),
    gender: gender(readField(text, L.gender), problems),
    birthDate: date(readField(text, L.birthDate), 'birthDate', problems),
    number,
    checkDigitValid: isValidForeign2017Number(number),
    nationality: readField(text, L.nationality),
    validFrom: date(readField(text, L.validFrom), 'validFrom', problems),
    validTo: validTo(readField(text, L.validTo), problems),
    cardVersion: readField(text, L.cardVersion),
    authorityCode: readField(text, L.authorityCode),
    photo: photoOf(photo),
  };
}

function decodeForeign2023(text: Uint8Array, photo: Uint8Array, problems: string[]): Identity {
  const L = FOREIGN_2023_LAYOUT;
  const number = readField(text, L.number);
  // The English name runs on from the address slot into the spare slot at 220 (characters 36–46).
  const first = readFieldKeepingSpaces(text, L.nameEn);
  const nameEn = `${first}${readField(text, L.nameEnContinued)}`.trimEnd();
  const identity: Identity = {
    cardType: 'foreign-2023',
    name: readField(text, L.name),
    nameEn,
    gender: gender(readField(text, L.gender), problems),
    birthDate: date(readField(text, L.birthDate), 'birthDate', problems),
    number,
    checkDigitValid: isValidForeign2023Number(number),
    nationality: readField(text, L.nationality),
    validFrom: date(readField(text, L.validFrom), 'validFrom', problems),
    validTo: validTo(readField(text, L.validTo), problems),
    previousNumberLink: readField(text, L.previousNumberLink),
    photo: photoOf(photo),
  };
  const renewals = count(readField(text, L.renewalCount), 'renewalCount', problems);
  if (renewals !== undefined) identity.renewalCount = renewals;
  crossCheckNumber(identity, problems);
  return identity;
}

/** Like readField, but keeps trailing spaces when the field is full, so a name split at 35 keeps its space. */
function readFieldKeepingSpaces(text: Uint8Array, field: { offset: number; bytes: number }): string {
  let out = '';
  for (let i = field.offset; i < field.offset + field.bytes; i += 2) {
    out += String.fromCharCode((text[i] ?? 0) | ((text[i + 1] ?? 0) << 8));
  }
  return out;
}

export function decodeIdentity(text: Uint8Array, photo: Uint8Array): Identity {
  const problems: string[] = [];
  const type = cardTypeFromFlag(text);
  let identity: Identity;
  if (type === 'foreign-2017') identity = decodeForeign2017(text, photo, problems);
  else if (type === 'foreign-2023') identity = decodeForeign2023(text, photo, problems);
  else {
    if (type === null) problems.push('unknown card-type flag; decoded as a resident card');
    identity = decodeResidentOrHmt(text, type === 'hmt-residence', photo, problems);
  }
  if (problems.length > 0) identity.problems = problems;
  return identity;
}

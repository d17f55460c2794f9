/** Builds ICAO 9303 MRZ lines for made-up documents, check digits computed (or broken on purpose). */
import { mrzCheckDigit } from '../mrz/check-digit.ts';

export interface MrzPerson {
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  nationality: string;
  /** YYMMDD */
  birthDate: string;
  sex: 'M' | 'F' | '<';
  /** YYMMDD */
  expiryDate: string;
  surname: string;
  givenNames: string;
  optionalData?: string;
}

const field = (s: string, n: number): string =>
  s
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '<')
    .padEnd(n, '<')
    .slice(0, n);
const check = (s: string): string => mrzCheckDigit(s)!;

function nameField(p: MrzPerson, n: number): string {
  const part = (t: string) => t.toUpperCase().replace(/[^A-Z]+/g, '<');
  return `${part(p.surname)}<<${part(p.givenNames)}`.padEnd(n, '<').slice(0, n);
}

/** TD3 passport, 2 × 44. `breakCheck` replaces the document number's check digit with a wrong one. */
export function td3Lines(p: MrzPerson, opts: { breakCheck?: boolean } = {}): [string, string] {
  const line1 = field(p.documentCode, 2) + field(p.issuingState, 3) + nameField(p, 39);
  const doc = field(p.documentNumber, 9);
  const optional = field(p.optionalData ?? '', 14);
  const optionalCheck = /^<+$/.test(optional) ? '<' : check(optional);
  let docCheck = check(doc);
  if (opts.breakCheck) docCheck = String((Number(docCheck) + 3) % 10);
  const part = `${doc}${docCheck}${field(p.nationality, 3)}${p.birthDate}${check(p.birthDate)}${p.sex}${p.expiryDate}${check(p.expiryDate)}${optional}${optionalCheck}`;
  const composite = check(part.slice(0, 10) + part.slice(13, 20) + part.slice(21, 43));
  return [line1, part + composite];
}

/** TD2 document, 2 × 36. */
export function td2Lines(p: MrzPerson): [string, string] {
  const line1 = field(p.documentCode, 2) + field(p.issuingState, 3) + nameField(p, 31);
  const doc = field(p.documentNumber, 9);
  const optional = field(p.optionalData ?? '', 7);
  const part = `${doc}${check(doc)}${field(p.nationality, 3)}${p.birthDate}${check(p.birthDate)}${p.sex}${p.expiryDate}${check(p.expiryDate)}${optional}`;
  const composite = check(part.slice(0, 10) + part.slice(13, 20) + part.slice(21, 35));
  return [line1, part + composite];
}

/** TD1 card, 3 × 30. */
export function td1Lines(p: MrzPerson): [string, string, string] {
  const doc = field(p.documentNumber, 9);
  const line1 =
    field(p.documentCode, 2) + field(p.issuingState, 3) + doc + check(doc) + field(p.optionalData ?? '', 15);
  const line2head = `${p.birthDate}${check(p.birthDate)}${p.sex}${p.expiryDate}${check(p.expiryDate)}${field(p.nationality, 3)}${field('', 11)}`;
  const composite = check(
    line1.slice(5) + line2head.slice(0, 7) + line2head.slice(8, 15) + line2head.slice(18, 29),
  );
  return [line1, line2head + composite, nameField(p, 30)];
}

const SURNAMES = ['WANG', 'LI', 'ZHANG', 'LIU', 'CHEN', 'ZHAO', 'HUANG', 'ZHOU', 'WU', 'XU'];
const GIVEN = ['WEI', 'FANG', 'NA', 'MIN', 'JING', 'LEI', 'JUN', 'YANG', 'XIAOMING', 'GUIYING'];

export function syntheticMrzPerson(rand: () => number): MrzPerson {
  const two = (n: number) => String(n).padStart(2, '0');
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
  return {
    documentCode: 'P',
    issuingState: 'CHN',
    documentNumber: `E${digits(8)}`,
    nationality: 'CHN',
    birthDate: `${two(40 + Math.floor(rand() * 60))}${two(1 + Math.floor(rand() * 12))}${two(1 + Math.floor(rand() * 28))}`,
    sex: rand() < 0.5 ? 'M' : 'F',
    expiryDate: `${two(27 + Math.floor(rand() * 9))}${two(1 + Math.floor(rand() * 12))}${two(1 + Math.floor(rand() * 28))}`,
    surname: SURNAMES[Math.floor(rand() * SURNAMES.length)]!,
    givenNames: GIVEN[Math.floor(rand() * GIVEN.length)]!,
  };
}

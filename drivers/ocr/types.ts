/** What OCR hands back. Verdicts are values: a reading whose check digits fail is returned, marked not valid. */

export interface IdCardReading {
  kind: 'id-card';
  /** The 18 characters as read (upper-case X). Use it only when `numberValid` is true. */
  number: string;
  /** GB 11643 MOD 11-2 check character passes and the birth date inside the number is a real date. */
  numberValid: boolean;
  /** The name from the front side, when it could be read (2–4 Chinese characters, or Latin words). */
  name?: string;
  /** Mean recognition confidence of the number line, 0–100. */
  confidence: number;
  /** Why the number is not valid, e.g. 'check-digit', 'birth-date'. Empty when valid. */
  problems: string[];
}

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

export interface MrzChecks {
  documentNumber: boolean;
  birthDate: boolean;
  expiry: boolean;
  composite: boolean;
  /** TD3 only: the personal number's check digit (a filler check digit over an empty field passes). */
  personalNumber?: boolean;
}

export interface MrzReading {
  kind: 'mrz';
  format: MrzFormat;
  /** 'P', 'I', 'C', 'AC', … with fillers removed. */
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  nationality: string;
  /** YYMMDD as printed; the century is not in the MRZ. */
  birthDate: string;
  /** YYMMDD as printed. */
  expiryDate: string;
  sex: 'M' | 'F' | 'X';
  surname: string;
  givenNames: string;
  optionalData: string;
  checks: MrzChecks;
  /** Every check digit passes and the dates are real dates. Never use a reading that is not valid. */
  valid: boolean;
  /** The lines as parsed, after character-class correction. */
  lines: string[];
  /** Mean recognition confidence, 0–100 (100 when parsed from text). */
  confidence: number;
}

export interface NotFound {
  kind: 'not-found';
  looking: 'id-number' | 'mrz';
  /** A sentence for a person: what was not found and what to try. */
  reason: string;
}

export type IdCardOcrResult = IdCardReading | NotFound;
export type MrzOcrResult = MrzReading | NotFound;

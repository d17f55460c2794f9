/** What OCR hands back. Verdicts are values: a reading whose check digits fail is returned, marked not valid. */
import type { CardType } from '../idcard/index.ts';

export type { CardType };

/**
 * Why no name is returned: the number line was not located ('no-card'), nothing was printed where the
 * card type puts the name ('field-not-found'), the line there is not the name's line (its label did not
 * read as 姓名: 'label-mismatch'), what was read is not a plausible name ('implausible'), the engine was
 * not sure of every character ('low-confidence'), or the caller did not ask ('not-requested').
 */
export type NameWithheldReason =
  | 'no-card'
  | 'field-not-found'
  | 'label-mismatch'
  | 'implausible'
  | 'low-confidence'
  | 'not-requested';

export interface IdCardReading {
  kind: 'id-card';
  /** The 18 characters as read (upper-case X). Use it only when `numberValid` is true. */
  number: string;
  /** GB 11643 MOD 11-2 check character passes and the birth date inside the number is a real date. */
  numberValid: boolean;
  /** Which card the number and layout say this is. */
  cardType: CardType;
  /**
   * The Chinese name, only when it was read from the card's name field with confidence: 2–4 Han
   * characters, or Han parts joined by '·'. Otherwise null, with `nameWithheld` saying why. It is
   * reported beside the number, never checked by it: a valid number does not vouch for the name.
   */
  name: string | null;
  nameWithheld?: NameWithheldReason;
  /** The lowest word confidence of the name as read, 0–100 (also when withheld for low confidence). */
  nameConfidence?: number;
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
  looking: 'id-number' | 'mrz' | 'document';
  /** A sentence for a person: what was not found and what to try. */
  reason: string;
}

export type IdCardOcrResult = IdCardReading | NotFound;
export type MrzOcrResult = MrzReading | NotFound;

/** What `recognizeDocument` returns: an ID card or an MRZ reading, or why neither was found. */
export type DocumentOcrResult = IdCardReading | MrzReading | NotFound;

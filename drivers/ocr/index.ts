/**
 * OCR of ID card photos and passport / travel-permit machine-readable zones, with tesseract.js and
 * local language data only. No result is to be used unless its check digits are valid
 * (`numberValid`, `valid`).
 */
export { type Language, languageDataDir, localWorkerOptions } from './engine/local-data.ts';
export { NativeTesseractRecognizer } from './engine/native-cli.ts';
export type { Recognizer, Script, StripRequest, StripText } from './engine/recognizer.ts';
export { TesseractJsRecognizer } from './engine/tesseract-js.ts';
export { isOcrError, OcrError, type OcrErrorCode } from './errors.ts';
export { extractIdNumber } from './id-number/extract.ts';
export { type ReadCardOptions, readIdCard } from './id-number/read-card.ts';
export { type IdNumberProblem, idNumberProblems } from './id-number/validate.ts';
export { mrzCheckDigit } from './mrz/check-digit.ts';
export { parseMrz } from './mrz/parse.ts';
export { readMrz } from './mrz/read-mrz.ts';
export { OcrPool, type OcrPoolOptions, type OcrPoolStats } from './pool.ts';
export type {
  IdCardOcrResult,
  IdCardReading,
  MrzChecks,
  MrzFormat,
  MrzOcrResult,
  MrzReading,
  NotFound,
} from './types.ts';

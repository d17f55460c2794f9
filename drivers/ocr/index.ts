/**
 * OCR of ID card photos and passport / travel-permit machine-readable zones, with tesseract.js and
 * local language data only. No result is to be used unless its check digits are valid
 * (`numberValid`, `valid`).
 */
export {
  type CaptureResult,
  type CaptureStats,
  type FrameReport,
  OcrCapture,
  type OcrCaptureOptions,
  type OfferVerdict,
} from './capture/ocr-capture.ts';
export {
  DEFAULT_PRECHECK,
  type PrecheckResult,
  type PrecheckThresholds,
  type PrecheckVerdict,
  precheck,
} from './capture/precheck.ts';
export { readDocument } from './document.ts';
export {
  DEFAULT_MODELS,
  type Language,
  languageDataDir,
  localWorkerOptions,
  type ModelVariant,
} from './engine/local-data.ts';
export { NativeTesseractRecognizer } from './engine/native-cli.ts';
export type {
  RecognizedWord,
  Recognizer,
  Script,
  StripRequest,
  StripText,
} from './engine/recognizer.ts';
export { type TesseractJsOptions, TesseractJsRecognizer } from './engine/tesseract-js.ts';
export { isOcrError, OcrError, type OcrErrorCode } from './errors.ts';
export { CARD_LAYOUTS, type CardLayout, cardTypeOfNumber } from './id-number/card-layouts.ts';
export { extractIdNumber } from './id-number/extract.ts';
export { type ReadCardOptions, readIdCard } from './id-number/read-card.ts';
export { NAME_MIN_MEAN_CONFIDENCE, NAME_MIN_WORD_CONFIDENCE, plausibleName } from './id-number/read-name.ts';
export { type IdNumberProblem, idNumberProblems } from './id-number/validate.ts';
export { type DecodedFrame, decodeFrame, type FrameInput, type RgbaFrame } from './image/raster.ts';
export { mrzCheckDigit } from './mrz/check-digit.ts';
export { parseMrz } from './mrz/parse.ts';
export { readMrz } from './mrz/read-mrz.ts';
export { OcrPool, type OcrPoolOptions, type OcrPoolStats } from './pool.ts';
export type {
  CardType,
  DocumentOcrResult,
  IdCardOcrResult,
  IdCardReading,
  MrzChecks,
  MrzFormat,
  MrzOcrResult,
  MrzReading,
  NameWithheldReason,
  NotFound,
} from './types.ts';

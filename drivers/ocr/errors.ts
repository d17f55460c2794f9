/** Broken links to the OCR engine or unreadable input: typed errors with a `code`. Verdicts are values. */

export type OcrErrorCode =
  | 'image-unreadable'
  | 'engine-failed'
  | 'engine-missing'
  | 'language-data-missing'
  | 'pool-closed'
  | 'capture-cancelled'
  | 'capture-timeout';

export class OcrError extends Error {
  readonly code: OcrErrorCode;

  constructor(code: OcrErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OcrError';
    this.code = code;
  }
}

export function isOcrError(err: unknown): err is OcrError {
  return err instanceof OcrError;
}

/** What the pipelines need from an OCR engine: read one prepared strip with given settings. */

export type Script = 'digits' | 'alnum' | 'mrz' | 'chinese';

export interface StripRequest {
  /** PNG of a preprocessed strip (deskewed, cropped, grey or binarised). */
  png: Buffer;
  script: Script;
  /** 'line' = tesseract page segmentation mode 7 (one text line), 'block' = mode 6. */
  layout: 'line' | 'block';
}

export interface RecognizedWord {
  text: string;
  /** The engine's confidence in this word, 0–100. */
  confidence: number;
}

export interface StripText {
  text: string;
  /** Mean confidence, 0–100. */
  confidence: number;
  /** The words in reading order with their own confidences (chi_sim often makes each character a word). */
  words?: RecognizedWord[];
}

export interface Recognizer {
  readonly name: string;
  read(req: StripRequest): Promise<StripText>;
  close(): Promise<void>;
}

export const WHITELISTS: Record<Script, string | undefined> = {
  digits: '0123456789X',
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  mrz: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<',
  chinese: undefined,
};

export const LANGUAGE: Record<Script, 'eng' | 'chi_sim'> = {
  digits: 'eng',
  alnum: 'eng',
  mrz: 'eng',
  chinese: 'chi_sim',
};

export const PAGE_SEG_MODE = { line: '7', block: '6' } as const;

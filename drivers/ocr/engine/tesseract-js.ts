/** tesseract.js (wasm) as a Recognizer: one warm worker per language, local files only. */
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { OcrError } from '../errors.ts';
import { DEFAULT_MODELS, type Language, localWorkerOptions, type ModelVariant } from './local-data.ts';
import {
  LANGUAGE,
  PAGE_SEG_MODE,
  type Recognizer,
  type StripRequest,
  type StripText,
  WHITELISTS,
} from './recognizer.ts';
import { SerialLock } from './serial-lock.ts';

// Dictionaries pull digit strings and MRZ fillers toward words; these lines are not words.
const INIT_CONFIG: Record<Language, Record<string, string>> = {
  eng: { load_system_dawg: '0', load_freq_dawg: '0' },
  chi_sim: {},
};

export interface TesseractJsOptions {
  /** Model per language (see engine/local-data.ts); default float chi_sim, integer eng. */
  models?: Partial<Record<Language, ModelVariant>>;
}

export class TesseractJsRecognizer implements Recognizer {
  readonly name = 'tesseract.js';
  private readonly workers = new Map<Language, Promise<Worker>>();
  private readonly lock = new SerialLock();
  private readonly models: Record<Language, ModelVariant>;
  private closed = false;

  constructor(opts: TesseractJsOptions = {}) {
    this.models = { ...DEFAULT_MODELS, ...opts.models };
  }

  /** Starts the workers for `languages` now, so the first read does not pay for loading a model. */
  async warm(languages: Language[]): Promise<void> {
    await Promise.all(languages.map((l) => this.worker(l)));
  }

  private worker(lang: Language): Promise<Worker> {
    if (this.closed) return Promise.reject(new OcrError('pool-closed', 'the recogniser is closed'));
    let w = this.workers.get(lang);
    if (!w) {
      w = createWorker(
        lang,
        OEM.LSTM_ONLY,
        { ...localWorkerOptions(lang, this.models[lang]), logger: () => {} },
        INIT_CONFIG[lang],
      ).catch((cause: unknown) => {
        this.workers.delete(lang);
        throw new OcrError(
          'engine-failed',
          `tesseract.js could not start a ${lang} worker: ${String(cause)}`,
          {
            cause,
          },
        );
      });
      this.workers.set(lang, w);
    }
    return w;
  }

  read(req: StripRequest): Promise<StripText> {
    return this.lock.run(async () => {
      const worker = await this.worker(LANGUAGE[req.script]);
      try {
        await worker.setParameters({
          tessedit_pageseg_mode: PAGE_SEG_MODE[req.layout] as never,
          tessedit_char_whitelist: WHITELISTS[req.script] ?? '',
          user_defined_dpi: '300',
        });
        const { data } = await worker.recognize(req.png, {}, { text: true, blocks: true });
        const words = (data.blocks ?? [])
          .flatMap((b) => b.paragraphs)
          .flatMap((p) => p.lines)
          .flatMap((l) => l.words)
          .map((w) => ({ text: w.text, confidence: w.confidence }))
          .filter((w) => w.text.trim() !== '');
        return { text: data.text, confidence: data.confidence, words };
      } catch (cause) {
        throw new OcrError('engine-failed', `tesseract.js failed to read a strip: ${String(cause)}`, {
          cause,
        });
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = [...this.workers.values()];
    this.workers.clear();
    await Promise.allSettled(pending.map(async (w) => (await w).terminate()));
  }
}

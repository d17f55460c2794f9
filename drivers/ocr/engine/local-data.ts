/**
 * Where tesseract.js finds its pieces on this machine: the worker script and wasm core inside
 * node_modules, and the language data from the @tesseract.js-data packages. Nothing is fetched.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { OcrError } from '../errors.ts';

const require = createRequire(import.meta.url);

export type Language = 'eng' | 'chi_sim';

/**
 * Which model of a language: '4.0.0_best_int' (integer-quantised LSTM: small and fast, what
 * tesseract.js picks by default) or '4.0.0' (the float "best" model: reads Chinese names markedly
 * better, at about 180 MB more memory while loaded and a fifth more time).
 */
export type ModelVariant = '4.0.0_best_int' | '4.0.0';

export const DEFAULT_MODELS: Record<Language, ModelVariant> = { eng: '4.0.0_best_int', chi_sim: '4.0.0' };

export function languageDataDir(lang: Language, model: ModelVariant = DEFAULT_MODELS[lang]): string {
  let pkgDir: string;
  try {
    pkgDir = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
  } catch (cause) {
    throw new OcrError(
      'language-data-missing',
      `the npm package @tesseract.js-data/${lang} is not installed`,
      {
        cause,
      },
    );
  }
  const dir = join(pkgDir, model);
  if (!existsSync(join(dir, `${lang}.traineddata.gz`))) {
    throw new OcrError('language-data-missing', `${lang}.traineddata.gz is missing from ${dir}`);
  }
  return dir;
}

export interface LocalWorkerOptions {
  langPath: string;
  corePath: string;
  workerPath: string;
  cacheMethod: 'none';
  gzip: true;
}

/** Worker options that point every path at local files, so tesseract.js never reaches for its CDN. */
export function localWorkerOptions(lang: Language, model?: ModelVariant): LocalWorkerOptions {
  const tesseractDir = dirname(require.resolve('tesseract.js/package.json'));
  return {
    langPath: languageDataDir(lang, model),
    // tesseract.js's Node worker loads its core with require(), from its own node_modules tree.
    corePath: dirname(
      createRequire(join(tesseractDir, 'package.json')).resolve('tesseract.js-core/package.json'),
    ),
    workerPath: join(tesseractDir, 'src', 'worker-script', 'node', 'index.js'),
    cacheMethod: 'none',
    gzip: true,
  };
}

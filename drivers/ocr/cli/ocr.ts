/**
 * `shequ ocr IMAGE [--kind auto|id|mrz] [--json] [--reveal] [--engine wasm|native]`: reads an ID card
 * number (and name) or a machine-readable zone from a photo. Exit 0 = a valid reading, 1 = nothing
 * usable (not found, or check digits failed), 2 = usage, 3 = the engine or the image failed.
 */
import { readFile } from 'node:fs/promises';
import { CliError, defineCommand, oneOf, UsageError } from '../../../platform/cli/index.ts';
import { NativeTesseractRecognizer } from '../engine/native-cli.ts';
import { isOcrError } from '../errors.ts';
import { OcrPool } from '../pool.ts';
import { type AnyOcrResult, describe, isUsable, maskResult } from './format.ts';

/** Exit codes: 1 is a verdict (nothing usable in the photo), not a failure of the command. */
export const EXIT = { valid: 0, nothingUsable: 1, usage: 2, engineOrImage: 3 } as const;

export const run = defineCommand({
  name: 'ocr',
  usage: `usage: shequ ocr IMAGE [--kind auto|id|mrz] [--json] [--reveal] [--engine wasm|native]
  reads an ID card number (and name) or a passport / permit machine-readable zone from a photo;
  a reading counts only when its check digits are valid; masked unless --reveal
exit 0 valid reading, 1 nothing usable (not found, or check digits failed), 2 bad command line or
no such image, 3 the engine failed or the file is not an image
`,
  options: {
    kind: { type: 'string', default: 'auto' },
    json: { type: 'boolean', default: false },
    reveal: { type: 'boolean', default: false },
    engine: { type: 'string', default: 'wasm' },
  },
  positionals: ['IMAGE'],
  run: async ({ values, positionals, io }) => {
    const kind = oneOf(values.kind, '--kind', ['auto', 'id', 'mrz'] as const);
    const engine = oneOf(values.engine, '--engine', ['wasm', 'native'] as const);
    const path = positionals[0]!;
    let image: Buffer;
    try {
      image = await readFile(path);
    } catch (err) {
      throw new UsageError(
        `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; check the path`,
      );
    }
    const pool = new OcrPool({
      languages: kind === 'mrz' ? ['eng'] : ['eng', 'chi_sim'],
      ...(engine === 'native' ? { createRecognizer: () => new NativeTesseractRecognizer() } : {}),
    });
    try {
      const result = await recognize(pool, image, kind);
      const shown = values.reveal ? result : maskResult(result);
      io.out(values.json ? `${JSON.stringify(shown, null, 2)}\n` : describe(shown));
      return isUsable(result) ? EXIT.valid : EXIT.nothingUsable;
    } catch (err) {
      if (!isOcrError(err)) throw err;
      throw new CliError(`${err.code}: ${err.message}`, { exitCode: EXIT.engineOrImage });
    } finally {
      await pool.close();
    }
  },
});

/** 'auto' tries the ID card first, then the MRZ; a valid reading wins, then any reading, then not-found. */
async function recognize(pool: OcrPool, image: Buffer, kind: 'auto' | 'id' | 'mrz'): Promise<AnyOcrResult> {
  if (kind === 'id') return pool.recognizeIdCard(image);
  if (kind === 'mrz') return pool.recognizeMrz(image);
  const id = await pool.recognizeIdCard(image);
  if (isUsable(id)) return id;
  const mrz = await pool.recognizeMrz(image);
  if (isUsable(mrz)) return mrz;
  if (mrz.kind === 'mrz') return mrz;
  return id.kind === 'id-card' ? id : mrz;
}

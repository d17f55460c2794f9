/**
 * `shequ ocr IMAGE [--kind auto|id|mrz] [--json] [--reveal] [--engine wasm|native]`: reads an ID card
 * number (and name) or a machine-readable zone from a photo. Exit 0 = a valid reading, 1 = nothing
 * usable (not found, or check digits failed), 2 = usage, 3 = the engine or the image failed.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { NativeTesseractRecognizer } from '../engine/native-cli.ts';
import { isOcrError } from '../errors.ts';
import { OcrPool } from '../pool.ts';
import { type AnyOcrResult, describe, isUsable, maskResult } from './format.ts';

const USAGE = 'usage: shequ ocr IMAGE [--kind auto|id|mrz] [--json] [--reveal] [--engine wasm|native]\n';

export interface CliOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

const STDIO: CliOutput = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

export async function run(args: string[], io: CliOutput = STDIO): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    io.err(`shequ ocr: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const kind = values.kind;
  if (
    positionals.length !== 1 ||
    !['auto', 'id', 'mrz'].includes(kind) ||
    !['wasm', 'native'].includes(values.engine)
  ) {
    io.err(USAGE);
    return 2;
  }
  let image: Buffer;
  try {
    image = await readFile(positionals[0]!);
  } catch (err) {
    io.err(`shequ ocr: cannot read ${positionals[0]}: ${(err as Error).message}\n`);
    return 2;
  }
  const pool = new OcrPool({
    languages: kind === 'mrz' ? ['eng'] : ['eng', 'chi_sim'],
    ...(values.engine === 'native' ? { createRecognizer: () => new NativeTesseractRecognizer() } : {}),
  });
  try {
    const result = await recognize(pool, image, kind as 'auto' | 'id' | 'mrz');
    const shown = values.reveal ? result : maskResult(result);
    io.out(values.json ? `${JSON.stringify(shown, null, 2)}\n` : describe(shown));
    return isUsable(result) ? 0 : 1;
  } catch (err) {
    if (!isOcrError(err)) throw err;
    io.err(`shequ ocr: ${err.code}: ${err.message}\n`);
    return 3;
  } finally {
    await pool.close();
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      kind: { type: 'string', default: 'auto' },
      json: { type: 'boolean', default: false },
      reveal: { type: 'boolean', default: false },
      engine: { type: 'string', default: 'wasm' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

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

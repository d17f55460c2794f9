/**
 * Debian's native tesseract (/usr/bin/tesseract) as a Recognizer: the benchmark's anchor, and a
 * fallback where wasm is unwelcome. Each strip is one process; the PNG goes in on stdin.
 */
import { spawn } from 'node:child_process';
import { OcrError } from '../errors.ts';
import {
  LANGUAGE,
  PAGE_SEG_MODE,
  type Recognizer,
  type StripRequest,
  type StripText,
  WHITELISTS,
} from './recognizer.ts';

export class NativeTesseractRecognizer implements Recognizer {
  readonly name = 'tesseract-cli';

  constructor(private readonly binary = '/usr/bin/tesseract') {}

  read(req: StripRequest): Promise<StripText> {
    const args = [
      'stdin',
      'stdout',
      '-l',
      LANGUAGE[req.script],
      '--oem',
      '1',
      '--psm',
      PAGE_SEG_MODE[req.layout],
    ];
    args.push('-c', 'user_defined_dpi=300');
    const whitelist = WHITELISTS[req.script];
    if (whitelist) args.push('-c', `tessedit_char_whitelist=${whitelist}`);
    if (req.script !== 'chinese') args.push('-c', 'load_system_dawg=0', '-c', 'load_freq_dawg=0');
    args.push('tsv');
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, args, {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', (cause) => {
        reject(new OcrError('engine-missing', `cannot run ${this.binary}: ${cause.message}`, { cause }));
      });
      child.on('close', (code) => {
        if (code !== 0) {
          reject(
            new OcrError(
              'engine-failed',
              `tesseract exited ${code}: ${Buffer.concat(err).toString().trim()}`,
            ),
          );
          return;
        }
        resolve(parseTsv(Buffer.concat(out).toString('utf8')));
      });
      child.stdin.on('error', () => {});
      child.stdin.end(req.png);
    });
  }

  async close(): Promise<void> {}
}

/** Tesseract TSV: words are level-5 rows; lines are joined with newlines, words with spaces. */
export function parseTsv(tsv: string): StripText {
  const lines = new Map<string, string[]>();
  const confidences: number[] = [];
  const words: NonNullable<StripText['words']> = [];
  for (const row of tsv.split('\n').slice(1)) {
    const cols = row.split('\t');
    if (cols[0] !== '5' || cols.length < 12) continue;
    const text = cols.slice(11).join('\t').trim();
    if (text === '') continue;
    const key = `${cols[2]}.${cols[3]}.${cols[4]}`;
    lines.set(key, [...(lines.get(key) ?? []), text]);
    const conf = Number(cols[10]);
    if (conf >= 0) confidences.push(conf);
    words.push({ text, confidence: Math.max(0, conf) });
  }
  const text = [...lines.values()].map((words) => words.join(' ')).join('\n');
  const confidence = confidences.length ? confidences.reduce((a, b) => a + b, 0) / confidences.length : 0;
  return { text, confidence, words };
}

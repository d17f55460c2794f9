/**
 * Makes the board's announcement clips (committed next to this file, so neither the build nor the
 * board needs a speech engine): Mandarin words from espeak-ng's `cmn` voice, silence trimmed,
 * encoded as Ogg Opus by opusenc, plus a two-tone chime. Run again after changing a word:
 *   node --import tsx kiosk-ui/board/clips/make-clips.ts
 * Needs: apt-get install -y espeak-ng opus-tools
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLIP_WORDS } from '../announcement.ts';

const here = dirname(fileURLToPath(import.meta.url));
const SPEED_WPM = '150';
const SILENCE = 300; // |sample| below this (of 32767) counts as silence at the ends

interface Pcm {
  rate: number;
  samples: Int16Array;
}

/** The data chunk of a 16-bit mono RIFF WAVE file, as espeak-ng writes it. */
function readWav(bytes: Buffer): Pcm {
  if (bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE')
    throw new Error('espeak-ng did not write a WAVE file');
  let at = 12;
  let rate = 0;
  while (at + 8 <= bytes.length) {
    const id = bytes.toString('ascii', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (id === 'fmt ') rate = bytes.readUInt32LE(at + 12);
    if (id === 'data') {
      // espeak-ng writing to a pipe leaves the size unknown (0xffffffff): take the rest.
      const end = Math.min(bytes.length, at + 8 + size);
      const data = bytes.subarray(at + 8, end - ((end - at - 8) % 2));
      const samples = new Int16Array(data.length / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(i * 2);
      return { rate, samples };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error('no data chunk in the WAVE file');
}

function writeWav({ rate, samples }: Pcm): Buffer {
  const out = Buffer.alloc(44 + samples.length * 2);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + samples.length * 2, 4);
  out.write('WAVEfmt ', 8, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(samples.length * 2, 40);
  for (const [i, s] of samples.entries()) out.writeInt16LE(s, 44 + i * 2);
  return out;
}

/** Drop the silence espeak-ng leaves around a word, keeping 20 ms on each side. */
function trim({ rate, samples }: Pcm): Pcm {
  let start = samples.findIndex((s) => Math.abs(s) > SILENCE);
  let end = samples.length - 1;
  while (end > start && Math.abs(samples[end] ?? 0) <= SILENCE) end--;
  if (start < 0) start = 0;
  const pad = Math.round(rate * 0.02);
  return { rate, samples: samples.slice(Math.max(0, start - pad), Math.min(samples.length, end + pad)) };
}

/** "Ding-dong": E6 then C6, soft attack, exponential decay. */
function chime(rate = 16000): Pcm {
  const tone = (freq: number, at: number, length: number, into: Float32Array) => {
    for (let i = 0; i < length * rate; i++) {
      const t = i / rate;
      const envelope = Math.min(1, t / 0.02) * Math.exp(-t * 5);
      const k = Math.round(at * rate) + i;
      if (k < into.length) into[k] = (into[k] ?? 0) + 0.45 * envelope * Math.sin(2 * Math.PI * freq * t);
    }
  };
  const mix = new Float32Array(Math.round(rate * 1.2));
  tone(1318.5, 0, 0.7, mix);
  tone(1046.5, 0.45, 0.75, mix);
  return { rate, samples: Int16Array.from(mix, (v) => Math.round(Math.max(-1, Math.min(1, v)) * 32767)) };
}

function need(command: string, args: string[]): void {
  const probe = spawnSync(command, args, { stdio: 'ignore' });
  if (probe.error) {
    process.stderr.write(`${command} is not installed: apt-get install -y espeak-ng opus-tools\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  need('espeak-ng', ['--version']);
  need('opusenc', ['--version']);
  const work = await mkdtemp(join(tmpdir(), 'shequ-clips-'));
  try {
    const clips: [string, Pcm][] = [['chime', chime()]];
    for (const [name, word] of Object.entries(CLIP_WORDS)) {
      const spoken = spawnSync('espeak-ng', ['-v', 'cmn', '-s', SPEED_WPM, '--stdout', word], {
        maxBuffer: 16 * 1024 * 1024,
      });
      if (spoken.status !== 0) throw new Error(`espeak-ng failed on ${word}: ${spoken.stderr.toString()}`);
      clips.push([name, trim(readWav(spoken.stdout))]);
    }
    for (const [name, pcm] of clips) {
      const wav = join(work, `${name}.wav`);
      await writeFile(wav, writeWav(pcm));
      const out = join(here, `${name}.opus`);
      const encoded = spawnSync('opusenc', ['--quiet', '--bitrate', '24', '--speech', wav, out]);
      if (encoded.status !== 0) throw new Error(`opusenc failed on ${name}: ${encoded.stderr.toString()}`);
      process.stdout.write(`${name}.opus  ${(pcm.samples.length / pcm.rate).toFixed(2)} s\n`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();

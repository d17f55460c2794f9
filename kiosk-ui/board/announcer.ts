/**
 * Says each new call in the hall, one at a time. With a Chinese speech voice in the browser: the
 * chime, then speech. Without one (TV browsers, Debian's Chromium): recorded clips (clips/, made
 * by clips/make-clips.ts) fetched once, decoded and played back to back with the Web Audio API.
 * Browsers keep audio suspended until someone touches the page; while it is, calls are not
 * queued up for later (a call read out minutes late misleads), `locked` is true and the board
 * shows its sound switch.
 */
import { type ReadonlySignal, signal } from '@preact/signals-core';
import type { CallView } from '../../contract/api.ts';
import { callSpeech } from '../shared/format.ts';
import { translator } from '../shared/i18n.ts';
import { hasVoiceFor, speak } from '../shared/speech.ts';
import { announcementClips, CHIME } from './announcement.ts';

export interface Announcer {
  announce(call: CallView): void;
  /** Call from a user gesture: resumes the audio the browser holds suspended. */
  unlock(): void;
  /** True while the browser blocks audio and the board should ask for a tap. */
  locked: ReadonlySignal<boolean>;
  /** The clips of the announcement playing or last played, in order (empty when speech was used). */
  sequence: ReadonlySignal<readonly string[]>;
  /** How many clips have finished playing since the page loaded. */
  clipsPlayed: ReadonlySignal<number>;
}

export interface AnnouncerOptions {
  /** Where the clips are, relative to the page. */
  clipBase?: string;
  extension?: string;
  /** Pause between two clips, seconds. */
  gapS?: number;
}

export function createAnnouncer(options: AnnouncerOptions = {}): Announcer {
  const base = options.clipBase ?? './clips/';
  const extension = options.extension ?? '.opus';
  const gap = options.gapS ?? 0.03;
  const locked = signal(false);
  const sequence = signal<readonly string[]>([]);
  const clipsPlayed = signal(0);
  const buffers = new Map<string, Promise<AudioBuffer>>();
  const pending: CallView[] = [];
  let running = false;
  let ctx: AudioContext | null = null;

  const audio = (): AudioContext | null => {
    if (ctx) return ctx;
    const Ctor = globalThis.AudioContext;
    if (!Ctor) return null;
    ctx = new Ctor();
    const context = ctx;
    locked.value = context.state === 'suspended';
    context.onstatechange = () => {
      locked.value = context.state === 'suspended';
    };
    return ctx;
  };

  const clip = (context: AudioContext, name: string): Promise<AudioBuffer> => {
    let buffer = buffers.get(name);
    if (!buffer) {
      buffer = fetch(`${base}${name}${extension}`)
        .then((r) => {
          if (!r.ok) throw new Error(`clip ${name}: HTTP ${r.status}`);
          return r.arrayBuffer();
        })
        .then((bytes) => context.decodeAudioData(bytes));
      // A failed fetch is tried again next time rather than remembered.
      buffer.catch(() => buffers.delete(name));
      buffers.set(name, buffer);
    }
    return buffer;
  };

  /** Schedules the clips back to back and resolves when the last one has ended. */
  const playClips = async (context: AudioContext, names: string[]): Promise<void> => {
    const decoded = await Promise.all(names.map((n) => clip(context, n)));
    let at = context.currentTime + 0.05;
    const ended: Promise<void>[] = [];
    for (const buffer of decoded) {
      const source = context.createBufferSource();
      source.buffer = buffer;
      source.connect(context.destination);
      ended.push(
        new Promise<void>((resolve) => {
          source.onended = () => {
            clipsPlayed.value++;
            resolve();
          };
        }),
      );
      source.start(at);
      at += buffer.duration + gap;
    }
    await Promise.all(ended);
  };

  const say = async (call: CallView): Promise<void> => {
    const context = audio();
    if (hasVoiceFor('zh-CN')) {
      sequence.value = [];
      if (context && context.state === 'running') await playClips(context, [CHIME]);
      await speak(callSpeech('zh-CN', translator('zh-CN'), call), 'zh-CN');
      return;
    }
    if (context?.state !== 'running') return;
    const names = announcementClips(call);
    sequence.value = names;
    await playClips(context, names);
  };

  const drain = async () => {
    if (running) return;
    running = true;
    try {
      while (pending.length > 0) {
        const call = pending.shift();
        if (call) await say(call).catch((err: unknown) => console.warn('announcement failed', err));
      }
    } finally {
      running = false;
    }
  };

  audio();
  return {
    announce(call) {
      if (audio()?.state === 'suspended' && !hasVoiceFor('zh-CN')) return;
      pending.push(call);
      void drain();
    },
    unlock() {
      void audio()?.resume();
    },
    locked,
    sequence,
    clipsPlayed,
  };
}

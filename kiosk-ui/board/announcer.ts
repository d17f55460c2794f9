/**
 * Chime (WebAudio oscillators, no sound files) then speech (speechSynthesis, a zh-CN voice when
 * the browser has one), one call at a time. Browsers keep audio locked until a user gesture;
 * `unlock()` is wired to the first tap on the board, TVs in kiosk mode usually need none.
 */
import type { CallView } from '../../contract/api.ts';
import { callSpeech } from '../shared/format.ts';
import { type Lang, translator } from '../shared/i18n.ts';
import { speak } from '../shared/speech.ts';

export interface Announcer {
  announce(call: CallView): void;
  unlock(): void;
  /** True while the browser still blocks audio and the board should ask for a tap. */
  locked(): boolean;
}

const CHIME_MS = 1100;

function playChime(ctx: AudioContext): void {
  const start = ctx.currentTime + 0.02;
  // "ding-dong": E6 then C6, each with a soft attack and exponential decay.
  for (const [i, freq] of [1318.5, 1046.5].entries()) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    const at = start + i * 0.45;
    osc.type = 'sine';
    osc.frequency.setValueAtTime(freq, at);
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.4, at + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.6);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + 0.65);
  }
}

export function createAnnouncer(langs: readonly Lang[] = ['zh-CN']): Announcer {
  let ctx: AudioContext | null = null;
  const pending: CallView[] = [];
  let running = false;

  const audio = (): AudioContext | null => {
    if (ctx) return ctx;
    const Ctor = globalThis.AudioContext;
    if (!Ctor) return null;
    ctx = new Ctor();
    return ctx;
  };

  const drain = async () => {
    if (running) return;
    running = true;
    while (pending.length > 0) {
      const call = pending.shift()!;
      const context = audio();
      if (context && context.state !== 'suspended') {
        playChime(context);
        await new Promise((r) => setTimeout(r, CHIME_MS));
      }
      for (const lang of langs) await speak(callSpeech(lang, translator(lang), call), lang);
    }
    running = false;
  };

  return {
    announce(call) {
      pending.push(call);
      void drain();
    },
    unlock() {
      void audio()?.resume();
    },
    locked: () => (ctx ?? audio())?.state === 'suspended',
  };
}

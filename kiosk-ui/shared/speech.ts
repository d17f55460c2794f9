/** speechSynthesis with the best voice for the language; silently does nothing where unsupported. */
import type { Lang } from './i18n.ts';

function pickVoice(lang: Lang): SpeechSynthesisVoice | undefined {
  const voices = globalThis.speechSynthesis?.getVoices() ?? [];
  const prefix = lang === 'zh-CN' ? 'zh' : 'en';
  return (
    voices.find((v) => v.lang.replace('_', '-').toLowerCase() === lang.toLowerCase()) ??
    voices.find((v) => v.lang.toLowerCase().startsWith(prefix))
  );
}

/** Whether the browser has a voice for the language (Debian's Chromium and many TV browsers have none). */
export function hasVoiceFor(lang: Lang): boolean {
  return speechAvailable() && pickVoice(lang) !== undefined;
}

export function speechAvailable(): boolean {
  return typeof globalThis.speechSynthesis !== 'undefined' && typeof SpeechSynthesisUtterance !== 'undefined';
}

/** Resolves when the utterance ends, fails, or after `maxMs` (some engines never fire onend). */
export function speak(
  text: string,
  lang: Lang,
  options: { interrupt?: boolean; maxMs?: number } = {},
): Promise<void> {
  if (!speechAvailable()) return Promise.resolve();
  const synth = globalThis.speechSynthesis;
  if (options.interrupt) synth.cancel();
  return new Promise((resolve) => {
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    utterance.rate = 0.9;
    const voice = pickVoice(lang);
    if (voice) utterance.voice = voice;
    const timer = setTimeout(resolve, options.maxMs ?? 12000);
    const finish = () => {
      clearTimeout(timer);
      resolve();
    };
    utterance.onend = finish;
    utterance.onerror = finish;
    synth.speak(utterance);
  });
}

export function stopSpeaking(): void {
  if (speechAvailable()) globalThis.speechSynthesis.cancel();
}

import { useEffect } from 'preact/hooks';
import { spokenTicketNumber } from '../shared/format.ts';
import type { Lang, Translator } from '../shared/i18n.ts';
import { speak, stopSpeaking } from '../shared/speech.ts';
import type { KioskScreen } from './flow.ts';

/** What to say when a screen appears in elderly mode; null for silence. */
export function promptFor(screen: KioskScreen, lang: Lang, t: Translator): string | null {
  switch (screen.kind) {
    case 'home':
      return t('kiosk.speak.home');
    case 'card-prompt':
      return t('kiosk.speak.card');
    case 'ticket': {
      const ticket = t('kiosk.speak.ticket', {
        ticket: spokenTicketNumber(lang, screen.ticket.number),
        count: screen.ticket.peopleAhead,
      });
      return screen.withCard ? `${ticket}${lang === 'zh-CN' ? '。' : '. '}${t('kiosk.takeCard')}` : ticket;
    }
    default:
      return null;
  }
}

export function useSpokenPrompts(screen: KioskScreen, elderly: boolean, lang: Lang, t: Translator): void {
  useEffect(() => {
    if (!elderly) return;
    const text = promptFor(screen, lang, t);
    if (text) void speak(text, lang, { interrupt: true });
    return stopSpeaking;
    // t is derived from lang; screen identity changes on every navigation
  }, [screen, elderly, lang]);
}

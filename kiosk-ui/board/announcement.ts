/**
 * A call as a sequence of recorded clips, the way halls announce it: chime, 请, the ticket's
 * letter and digits one by one, 号, 到, the counter number as a Chinese number, 号窗口, 办理.
 * Pure, so the sequence is unit-tested; announcer.ts fetches and plays the clips.
 */
import type { CallView } from '../../contract/api.ts';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Clip name → the word synthesised for it (clips/make-clips.ts). File names stay ASCII. */
export const CLIP_WORDS: Readonly<Record<string, string>> = {
  qing: '请',
  hao: '号',
  dao: '到',
  'hao-chuangkou': '号窗口',
  banli: '办理',
  shi: '十',
  ...Object.fromEntries(DIGITS.map((word, d) => [`digit-${d}`, word])),
  ...Object.fromEntries([...LETTERS].map((l) => [`letter-${l.toLowerCase()}`, l])),
};

export const CHIME = 'chime';
export const ALL_CLIPS: readonly string[] = [CHIME, ...Object.keys(CLIP_WORDS)];

/** 3 → 三, 10 → 十, 12 → 十二, 23 → 二十三; 100 and above digit by digit. */
export function counterNumberClips(n: number): string[] {
  const digit = (d: number) => `digit-${d}`;
  if (!Number.isInteger(n) || n < 0) return [];
  if (n < 10) return [digit(n)];
  if (n < 100) {
    const tens = Math.floor(n / 10);
    const ones = n % 10;
    return [...(tens > 1 ? [digit(tens)] : []), 'shi', ...(ones > 0 ? [digit(ones)] : [])];
  }
  return [...String(n)].map((c) => digit(Number(c)));
}

/** The ticket number read character by character: A023 → A, 零, 二, 三. */
export function ticketNumberClips(ticketNumber: string): string[] {
  const clips: string[] = [];
  for (const ch of ticketNumber.toUpperCase()) {
    if (ch >= '0' && ch <= '9') clips.push(`digit-${ch}`);
    else if (LETTERS.includes(ch)) clips.push(`letter-${ch.toLowerCase()}`);
  }
  return clips;
}

export function announcementClips(call: Pick<CallView, 'ticketNumber' | 'counterNumber'>): string[] {
  return [
    CHIME,
    'qing',
    ...ticketNumberClips(call.ticketNumber),
    'hao',
    'dao',
    ...counterNumberClips(call.counterNumber),
    'hao-chuangkou',
    'banli',
  ];
}

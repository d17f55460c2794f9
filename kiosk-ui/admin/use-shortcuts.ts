/**
 * The counter's keyboard shortcuts: one letter, no modifier, so a clerk serving forty people never
 * reaches for the mouse. Ignored while typing in a field, so the accept form's inputs keep their letters.
 */
import { useEffect, useRef } from 'preact/hooks';

export const SHORTCUTS = {
  next: 'N',
  recall: 'R',
  finish: 'F',
  noShow: 'X',
  transfer: 'T',
  pause: 'P',
} as const;

export type ShortcutAction = keyof typeof SHORTCUTS;

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** Which action a key press asks for, if any (pure, for tests). */
export function shortcutFor(
  key: string,
  target: { tagName?: string; isContentEditable?: boolean } | null,
  modifiers: { altKey: boolean; ctrlKey: boolean; metaKey: boolean },
): ShortcutAction | null {
  if (modifiers.altKey || modifiers.ctrlKey || modifiers.metaKey) return null;
  if (target && (TYPING.has(target.tagName ?? '') || target.isContentEditable)) return null;
  const upper = key.toUpperCase();
  for (const [action, letter] of Object.entries(SHORTCUTS)) {
    if (letter === upper) return action as ShortcutAction;
  }
  return null;
}

export function useShortcuts(handlers: Partial<Record<ShortcutAction, () => void>>): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat) return;
      const action = shortcutFor(e.key, e.target as HTMLElement | null, e);
      const handler = action ? current.current[action] : undefined;
      if (!handler) return;
      e.preventDefault();
      handler();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * Finds Latin-script words in text meant to be Chinese. Allowed without a list: queue numbers and
 * other codes of one capital letter and digits (A023, B, the X of a masked ID number), numbers,
 * and whatever the page marks as not for translation (translate="no": user names) or as English
 * (lang="en": the switch to English, the board's English line). Nothing else is allowed.
 */
import type { Page } from 'playwright-core';

const CODE = /^[A-Z]\d*$/;

export function latinWords(text: string): string[] {
  const words = text.match(/[A-Za-z\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f'-]*/g) ?? [];
  return words.filter((w) => !CODE.test(w));
}

/** Every piece of text a person can see or hear on the page, outside the exempt parts. */
const IN_PAGE = String.raw`
(() => {
  const out = [];
  const exempt = (el) => el.closest('[translate="no"], [lang]:not([lang^="zh"]), script, style, noscript');
  const hidden = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden') return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = (node.textContent || '').trim();
    if (!text || !el || exempt(el) || hidden(el)) continue;
    out.push(text);
  }
  for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
    if (exempt(el) || hidden(el)) continue;
    for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
      const v = el.getAttribute(a);
      if (v) out.push(v);
    }
  }
  for (const el of document.body.querySelectorAll('input[type="submit"], input[type="button"]')) {
    if (!exempt(el) && el.value) out.push(el.value);
  }
  out.push(document.title);
  return out;
})()`;

export async function pageTexts(page: Page): Promise<string[]> {
  return (await page.evaluate(IN_PAGE)) as string[];
}

/** The Latin words on the page, each with the text it stood in. */
export async function strayLatin(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const text of await pageTexts(page)) {
    const words = latinWords(text);
    if (words.length > 0) found.push(`${words.join(', ')} in "${text.slice(0, 80)}"`);
  }
  return found;
}

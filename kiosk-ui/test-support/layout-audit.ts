/**
 * Measures a kiosk screen in the page: the document is no taller or wider than the viewport,
 * no visible element lies outside it or has its content cut off, and every control is at least
 * `minTargetPx` in both directions. Plain JavaScript in a string, like a11y-audit.ts.
 */
import type { Page } from 'playwright-core';

/** 2 cm at the ~110 CSS px per inch of a 20-22" kiosk panel (the denser end; at 96 dpi 2 cm is 76 px). */
export const KIOSK_DPI = 110;
export const MIN_TARGET_PX = (2 / 2.54) * KIOSK_DPI;

export interface LayoutAudit {
  faults: string[];
  controls: number;
  /** The smallest control, for the report. */
  smallest: { what: string; width: number; height: number } | null;
}

const IN_PAGE = String.raw`
((minTarget) => {
  const vw = window.innerWidth, vh = window.innerHeight;
  const faults = [];
  const describe = (el) => {
    const id = el.getAttribute('data-testid') || el.id || (el.className && typeof el.className === 'string' ? el.className.split(' ')[0] : '');
    const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 24);
    return el.tagName.toLowerCase() + (id ? '[' + id + ']' : '') + (text ? ' "' + text + '"' : '');
  };
  const shown = (el) => {
    if (el.closest('.visually-hidden')) return false;
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 || r.height > 0;
  };
  const page = document.scrollingElement;
  if (page.scrollHeight > vh + 1) faults.push('the page scrolls: ' + page.scrollHeight + ' px tall in ' + vh);
  if (page.scrollWidth > vw + 1) faults.push('the page scrolls sideways: ' + page.scrollWidth + ' px wide in ' + vw);
  for (const el of document.body.querySelectorAll('*')) {
    if (!shown(el) || el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1)
      faults.push('outside the screen: ' + describe(el) + ' at ' + [r.left, r.top, r.right, r.bottom].map(Math.round).join(','));
    const s = getComputedStyle(el);
    const clips = (v) => v !== 'visible';
    if (clips(s.overflowY) && el.scrollHeight > el.clientHeight + 2)
      faults.push('content cut off (height ' + el.clientHeight + ' < ' + el.scrollHeight + '): ' + describe(el));
    if (clips(s.overflowX) && el.scrollWidth > el.clientWidth + 2)
      faults.push('content cut off (width ' + el.clientWidth + ' < ' + el.scrollWidth + '): ' + describe(el));
  }
  let controls = 0, smallest = null;
  for (const el of document.querySelectorAll('button, input, select, textarea, a[href]')) {
    if (!shown(el)) continue;
    controls++;
    const r = el.getBoundingClientRect();
    if (!smallest || Math.min(r.width, r.height) < Math.min(smallest.width, smallest.height))
      smallest = { what: describe(el), width: Math.round(r.width), height: Math.round(r.height) };
    if (r.width < minTarget || r.height < minTarget)
      faults.push('too small to touch (' + Math.round(r.width) + '×' + Math.round(r.height) + '): ' + describe(el));
  }
  return { faults, controls, smallest };
})`;

export function auditLayout(page: Page, minTargetPx = MIN_TARGET_PX): Promise<LayoutAudit> {
  return page.evaluate(`${IN_PAGE}(${minTargetPx})`) as Promise<LayoutAudit>;
}

/**
 * Accessibility checks run inside the page: accessible names, contrast of rendered text, and the
 * Tab order against the visual order. The in-page code is plain JavaScript in a string so the
 * TypeScript loader cannot inject helpers the page does not have.
 */
import type { Page } from 'playwright-core';

const IN_PAGE = String.raw`
(() => {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const describe = (el) => {
    const id = el.getAttribute('data-testid') || el.id;
    const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 30);
    return el.tagName.toLowerCase() + (id ? '[' + id + ']' : '') + (text ? ' "' + text + '"' : '');
  };
  const textOf = (ids) => ids.split(/\s+/).map((i) => document.getElementById(i)?.textContent || '').join(' ').trim();
  const accessibleName = (el) => {
    const labelledby = el.getAttribute('aria-labelledby');
    if (labelledby && textOf(labelledby)) return textOf(labelledby);
    const aria = el.getAttribute('aria-label');
    if (aria && aria.trim()) return aria.trim();
    if (el.labels && el.labels.length) {
      const t = [...el.labels].map((l) => l.textContent || '').join(' ').trim();
      if (t) return t;
    }
    if (el.tagName === 'INPUT' && ['button', 'submit', 'reset'].includes(el.type)) return el.value;
    if (!['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) {
      const t = (el.textContent || '').trim();
      if (t) return t;
    }
    return (el.getAttribute('title') || el.getAttribute('placeholder') || '').trim();
  };
  const interactive = [...document.querySelectorAll('button, a[href], input, select, textarea, [role="button"], [tabindex]:not([tabindex="-1"])')]
    .filter(visible);
  const unnamed = interactive.filter((el) => !accessibleName(el)).map((el) => 'no accessible name: ' + describe(el));

  const parse = (c) => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : null;
  };
  const over = (top, under) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) layers.push(c);
      if (c && c[3] === 1) break;
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const lum = (c) => {
    const ch = (v) => { const s = v / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2]);
  };
  const ratio = (a, b) => { const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x); return (hi + 0.05) / (lo + 0.05); };
  const lowContrast = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!visible(el) || el.closest('[disabled], [aria-disabled="true"]')) continue;
    const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!hasText) continue;
    const bg = background(el);
    const fg = parse(getComputedStyle(el).color);
    if (!fg) continue;
    const r = ratio(over(fg, bg), bg);
    if (r < 4.5) lowContrast.push('contrast ' + r.toFixed(2) + ':1 < 4.5: ' + describe(el) + ' (' + getComputedStyle(el).color + ' on rgb(' + bg.slice(0, 3).map(Math.round).join(',') + '))');
  }
  return { unnamed, lowContrast, interactive: interactive.length };
})()
`;

export interface AuditResult {
  unnamed: string[];
  lowContrast: string[];
  interactive: number;
}

export function auditNamesAndContrast(page: Page): Promise<AuditResult> {
  return page.evaluate(IN_PAGE) as Promise<AuditResult>;
}

export interface FocusStop {
  what: string;
  x: number;
  y: number;
  right: number;
}

/** Tab through the page from the top and record each stop until focus comes back round (or `max`). */
export async function tabStops(page: Page, max = 80): Promise<FocusStop[]> {
  // Start from the top of the document, whatever was clicked last.
  await page.evaluate(`(() => {
    const start = document.createElement('span');
    start.id = '__tab_start';
    start.tabIndex = -1;
    document.body.prepend(start);
    start.focus();
  })()`);
  const stops: FocusStop[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (i === 0) await page.evaluate(`document.getElementById('__tab_start')?.remove()`);
    const stop = (await page.evaluate(String.raw`(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const r = el.getBoundingClientRect();
      const id = el.getAttribute('data-testid') || el.id || '';
      const text = (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 24);
      return { what: el.tagName.toLowerCase() + (id ? '[' + id + ']' : '') + ' "' + text + '"', x: r.left + window.scrollX, y: r.top + window.scrollY, right: r.right + window.scrollX };
    })()`)) as FocusStop | null;
    if (!stop) break;
    const key = `${stop.what}@${stop.x},${stop.y}`;
    if (seen.has(key)) break;
    seen.add(key);
    stops.push(stop);
  }
  return stops;
}

/**
 * Reading order: each stop is below the previous one, on the same line further right, or at the
 * top of a new column further right. Going back up-and-left, or leftwards on one line, is a fault.
 */
export function focusOrderFaults(stops: readonly FocusStop[], tolerance = 8): string[] {
  const faults: string[] = [];
  for (let i = 1; i < stops.length; i++) {
    const a = stops[i - 1]!;
    const b = stops[i]!;
    const sameLine = Math.abs(b.y - a.y) <= tolerance;
    const backwards = sameLine ? b.x < a.x - tolerance : b.y < a.y - tolerance && b.x < a.right - tolerance;
    if (backwards) faults.push(`focus goes back from ${a.what} (${a.x},${a.y}) to ${b.what} (${b.x},${b.y})`);
  }
  return faults;
}

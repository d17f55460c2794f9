/** Text/background pairs the three apps use must reach WCAG AA (4.5:1) for normal text. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { contrastRatio } from './shared/contrast.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

const pairs: { where: string; fg: string; bg: string }[] = [
  { where: 'body text', fg: '#1a1f24', bg: '#f4f6f8' },
  { where: 'muted text on page', fg: '#4a5560', bg: '#f4f6f8' },
  { where: 'muted text on card', fg: '#4a5560', bg: '#ffffff' },
  { where: 'brand bar / primary button', fg: '#ffffff', bg: '#0b5cad' },
  { where: 'brand text on card', fg: '#0b5cad', bg: '#ffffff' },
  { where: 'offline banner', fg: '#ffffff', bg: '#a4161a' },
  { where: 'warning notice', fg: '#5c4300', bg: '#fff4d6' },
  { where: 'priority badge', fg: '#ffffff', bg: '#0d6b3a' },
  { where: 'side tile', fg: '#0a3f78', bg: '#e8f1fb' },
  { where: 'elderly toggle', fg: '#000000', bg: '#ffd400' },
  { where: 'severe fault panel', fg: '#5a0b0e', bg: '#fde8e8' },
  { where: 'fault icon', fg: '#ffffff', bg: '#a4161a' },
  { where: 'mild fault icon', fg: '#ffffff', bg: '#7a5700' },
  { where: 'success result', fg: '#0b4a28', bg: '#e3f4ea' },
  { where: 'board call', fg: '#ffd400', bg: '#0b0f14' },
  { where: 'board label', fg: '#b8c4d0', bg: '#0b0f14' },
  { where: 'board header', fg: '#ffffff', bg: '#0b3d73' },
  { where: 'admin table header', fg: '#1a1f24', bg: '#e6ebf0' },
];

test('every listed text colour pair reaches 4.5:1', () => {
  for (const { where, fg, bg } of pairs) {
    const ratio = contrastRatio(fg, bg);
    assert.ok(ratio >= 4.5, `${where}: ${fg} on ${bg} is ${ratio.toFixed(2)}:1`);
  }
});

test('the listed colours are the ones the stylesheets use', async () => {
  const css = (
    await Promise.all(
      ['shared/base.css', 'kiosk/kiosk.css', 'admin/admin.css', 'board/board.css'].map((f) =>
        readFile(join(here, f), 'utf8'),
      ),
    )
  )
    .join('\n')
    .toLowerCase();
  for (const { where, fg, bg } of pairs) {
    for (const colour of [fg, bg]) {
      if (colour === '#ffffff' || colour === '#000000') continue;
      assert.ok(css.includes(colour), `${where}: ${colour} no longer appears in the CSS; update this list`);
    }
  }
});

test('contrastRatio matches known values and rejects bad input', () => {
  assert.equal(contrastRatio('#000000', '#ffffff').toFixed(0), '21');
  assert.equal(contrastRatio('#777777', '#777777'), 1);
  assert.throws(() => contrastRatio('red', '#ffffff'), TypeError);
});

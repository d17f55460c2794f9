import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shortcutFor } from './use-shortcuts.ts';

const plain = { altKey: false, ctrlKey: false, metaKey: false };

test('a letter on the page is a shortcut, in either case; typed into a field it is not', () => {
  assert.equal(shortcutFor('n', { tagName: 'BODY' }, plain), 'next');
  assert.equal(shortcutFor('X', { tagName: 'BUTTON' }, plain), 'noShow');
  assert.equal(shortcutFor('n', { tagName: 'INPUT' }, plain), null);
  assert.equal(shortcutFor('t', { tagName: 'SELECT' }, plain), null);
  assert.equal(shortcutFor('r', { tagName: 'DIV', isContentEditable: true }, plain), null);
  assert.equal(shortcutFor('r', { tagName: 'BODY' }, { ...plain, ctrlKey: true }), null, 'Ctrl+R reloads');
  assert.equal(shortcutFor('q', { tagName: 'BODY' }, plain), null);
});

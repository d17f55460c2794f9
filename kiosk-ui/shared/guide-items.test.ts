/**
 * The guide's items beside the live state, through withGuideItems with the state pushed as the
 * stream would and the pages held until the test lets each one come: a service's items across
 * pages are filed in order, and after a catalogue version change the previous version's items stay
 * on screen until every page of the new one has arrived, then swap at once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signal } from '@preact/signals-core';
import type { CaseItemView, PublicState } from '../../contract/api.ts';
import type { GuideItemsPage } from '../../contract/guide-api.ts';
import { sampleState } from '../test-support/fixtures.ts';
import { withGuideItems } from './guide-items.ts';
import type { LiveState } from './state-stream.ts';

const item = (id: string): CaseItemView => ({
  id,
  name: `事项${id}`,
  legalLimitDays: 20,
  promisedLimitDays: 5,
  materials: ['居民身份证'],
  fee: '不收费',
});

/** Pages of one version: `perService` items for each service, `pageSize` entries a page. */
function pagesOf(etag: string, perService: Record<string, string[]>, pageSize: number): GuideItemsPage[] {
  const entries = Object.entries(perService).flatMap(([serviceId, ids]) =>
    ids.map((id) => ({ serviceId, item: item(id) })),
  );
  const pages: GuideItemsPage[] = [];
  for (let offset = 0; offset < entries.length; offset += pageSize) {
    const next = offset + pageSize < entries.length ? offset + pageSize : undefined;
    const page: GuideItemsPage = {
      etag,
      total: entries.length,
      offset,
      entries: entries.slice(offset, offset + pageSize),
    };
    pages.push(next === undefined ? page : { ...page, next });
  }
  return pages;
}

/** A page server whose answers wait until `release` lets the oldest asked one through. */
function heldPages(versions: Map<string, GuideItemsPage[]>, current: () => string) {
  const waiting: (() => void)[] = [];
  const fetchPage = (url: string) =>
    new Promise<GuideItemsPage>((resolve) => {
      const offset = Number(new URL(url, 'http://kiosk').searchParams.get('offset'));
      const pages = versions.get(current())!;
      waiting.push(() => resolve(pages.find((p) => p.offset === offset)!));
    });
  const release = async () => {
    waiting.shift()?.();
    // The answer's then-callbacks and the next page's request.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { fetchPage, release, asked: () => waiting.length };
}

const withGuide = (etag: string, items: number): PublicState => ({
  ...sampleState(),
  guide: { etag, items },
});
const shown = (live: LiveState) =>
  Object.fromEntries((live.state?.services ?? []).map((s) => [s.id, s.caseItems.map((i) => i.id)]));

test('a new catalogue version: the previous items stay until all its pages came, then swap at once', async () => {
  const v1 = { social: ['s1', 's2', 's3', 's4', 's5'], dibao: ['d1'] };
  const v2 = { social: ['s1', 's6', 's7'], dibao: ['d2', 'd3', 'd4'] };
  const versions = new Map([
    ['"v1"', pagesOf('"v1"', v1, 2)],
    ['"v2"', pagesOf('"v2"', v2, 2)],
  ]);
  let version = '"v1"';
  const server = heldPages(versions, () => version);
  const state = signal<LiveState>({ state: withGuide(version, 6), connected: true });
  const stream = withGuideItems({ live: state, close() {} }, server.fetchPage);
  try {
    for (let page = 0; page < 3; page++) await server.release();
    assert.deepEqual(shown(stream.live.value), v1, 'every item of a service across pages, in order');

    version = '"v2"';
    state.value = { state: withGuide(version, 6), connected: true };
    for (let page = 0; page < 2; page++) {
      assert.equal(server.asked(), 1, `page ${page + 1} of the new version asked for`);
      await server.release();
      assert.deepEqual(shown(stream.live.value), v1, `after page ${page + 1} of 3: still the previous items`);
      // A state push meanwhile (a call, a ticket) keeps them too.
      state.value = { state: withGuide(version, 6), connected: true };
      assert.deepEqual(shown(stream.live.value), v1, 'and across a state push');
    }
    await server.release();
    assert.deepEqual(shown(stream.live.value), v2, 'the last page: the new items, all at once');
  } finally {
    stream.close();
  }
});

/**
 * The 办事指南's items over HTTP, in pages: the public state carries only the guide's version (an
 * ETag) and how many items it has, so a centre offered thousands of the district's items does not
 * send them on every queue change. A screen fetches the pages when the version changes, with
 * `If-None-Match` (304 while it has not), and files each item under the services that offer it.
 */
import { type Static, Type } from '@sinclair/typebox';
import { CaseItemView } from './api.ts';

export const GuideSummary = Type.Object({
  /** Changes whenever the offered items do (a catalogue version applied, a configuration change). */
  etag: Type.String(),
  /** Entries in all: one per item per service offering it. */
  items: Type.Integer({ minimum: 0 }),
});
export type GuideSummary = Static<typeof GuideSummary>;

export const GUIDE_PAGE_MAX = 1000;

/** Query strings, as digits: `limit` at most GUIDE_PAGE_MAX (the route answers 400 beyond). */
export const GuideItemsQuery = Type.Object({
  offset: Type.Optional(Type.String({ pattern: '^\\d{1,9}$' })),
  limit: Type.Optional(Type.String({ pattern: '^\\d{1,4}$' })),
});
export type GuideItemsQuery = Static<typeof GuideItemsQuery>;

export const GuideItemsPage = Type.Object({
  etag: Type.String(),
  total: Type.Integer({ minimum: 0 }),
  offset: Type.Integer({ minimum: 0 }),
  /** In the services' order, each service's items in its order. */
  entries: Type.Array(Type.Object({ serviceId: Type.String(), item: CaseItemView })),
  /** The next page's offset; absent on the last page. */
  next: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type GuideItemsPage = Static<typeof GuideItemsPage>;

export const guidePaths = {
  /** GET ?offset&limit: a page of the guide's items (ETag; 304 on If-None-Match). */
  items: '/api/guide/items',
} as const;

/** What the sharing page reads: every stream central holds and which kiosk has applied which version. */
import { DatasetName, ShareScope } from '../../contract/sharing.ts';
import { sharingApi } from '../../contract/sharing-api.ts';
import type { RouteSpec } from '../central/module.ts';
import { HttpError } from '../central/module.ts';
import { enumParam, idParam } from '../central/query-params.ts';
import type { DatasetStore } from '../sharing/dataset-store.ts';

const DATASETS = DatasetName.anyOf.map((d) => d.const as string);
const SCOPES = ShareScope.anyOf.map((s) => s.const as string);

export function streamsRoutes(store: DatasetStore): RouteSpec[] {
  return [
    {
      method: 'GET',
      url: sharingApi.streams,
      permission: 'fleet.view',
      async handler() {
        const streams = [];
        for (const ref of await store.streams()) {
          const head = await store.head(ref);
          const kiosks = await store.reported(ref);
          streams.push({
            ...ref,
            version: head.version,
            entries: head.entries,
            kiosks: kiosks.length,
            current: kiosks.filter((k) => k.version === head.version && k.hash === head.hash).length,
          });
        }
        return { body: { streams } };
      },
    },
    {
      method: 'GET',
      url: sharingApi.versions,
      permission: 'fleet.view',
      async handler(req) {
        const dataset = enumParam(req.query.dataset, 'dataset', DATASETS);
        const scope = enumParam(req.query.scope, 'scope', SCOPES);
        const scopeId = idParam(req.query.scopeId, 'scopeId');
        if (!dataset || !scope || !scopeId)
          throw new HttpError(400, 'bad-query', 'name the stream: dataset, scope and scopeId');
        const ref = { dataset, scope, scopeId } as Parameters<DatasetStore['head']>[0];
        const head = await store.head(ref);
        return {
          body: {
            version: head.version,
            hash: head.hash,
            entries: head.entries,
            kiosks: await store.reported(ref),
          },
        };
      },
    },
  ];
}

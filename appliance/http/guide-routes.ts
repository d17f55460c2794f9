/**
 * The 办事指南 over HTTP beyond the public state: its items in pages (ETagged: the state names
 * only the version), printing a case item's materials checklist, or a copy of one of its forms (表格).
 */
import type { CaseItemView } from '../../contract/api.ts';
import { apiPaths, ChecklistRequest, FormPrintRequest, PrintedResponse } from '../../contract/api.ts';
import { GUIDE_PAGE_MAX, GuideItemsPage, GuideItemsQuery, guidePaths } from '../../contract/guide-api.ts';
import type { ApplianceCore } from '../core/appliance-core.ts';
import { ApplianceError } from '../core/errors.ts';
import { guidePage, guideItem as offeredGuideItem } from '../core/guide-pages.ts';
import { deviceOf } from './device-guard.ts';
import type { RouteContext } from './routes.ts';

const DEFAULT_PAGE = 500;

/** The item as the guide shows it (central's catalogue over the configured ones), and its service's name. */
function guideItem(core: ApplianceCore, itemId: string): { item: CaseItemView; serviceName: string } {
  const entry = offeredGuideItem(core.config.services, core.catalogueLookup(), itemId);
  const service = core.config.services.find((s) => s.id === entry?.serviceId);
  if (entry && service) return { item: entry.item, serviceName: service.name };
  throw new ApplianceError('case.item-unknown', `no service item '${itemId}' at this centre`, 404);
}

export function registerGuideRoutes(ctx: RouteContext): void {
  const { app, core, staff, devices } = ctx;
  // Public like the state (the kiosk's guide reads it before anyone is logged in); no personal data.
  app.get<{ Querystring: GuideItemsQuery }>(
    guidePaths.items,
    { schema: { querystring: GuideItemsQuery, response: { 200: GuideItemsPage } } },
    async (req, reply) => {
      const offset = Number(req.query.offset ?? 0);
      const limit = Number(req.query.limit ?? DEFAULT_PAGE);
      if (limit < 1 || limit > GUIDE_PAGE_MAX)
        throw new ApplianceError('request.invalid', `limit must be 1 to ${GUIDE_PAGE_MAX}`, 400);
      const page = guidePage(core.config.services, core.catalogueLookup(), offset, limit);
      const etag = `${page.etag.slice(0, -1)}-${offset}-${limit}"`;
      reply.header('etag', etag).header('cache-control', 'no-cache');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      return page;
    },
  );
  app.post<{ Body: ChecklistRequest }>(
    apiPaths.guideChecklist,
    { schema: { body: ChecklistRequest, response: { 200: PrintedResponse } } },
    async (req) => {
      // The paired kiosk prints for a resident at the guide; a clerk at the counter may too.
      if (deviceOf(devices, req)?.role !== 'kiosk') staff(req, true);
      const { item, serviceName } = guideItem(core, req.body.itemId);
      return { printed: await core.print.materialsChecklist(serviceName, item) };
    },
  );
  app.post<{ Body: FormPrintRequest }>(
    apiPaths.guideForm,
    { schema: { body: FormPrintRequest, response: { 200: PrintedResponse } } },
    async (req) => {
      if (deviceOf(devices, req)?.role !== 'kiosk') staff(req, true);
      const { item } = guideItem(core, req.body.itemId);
      const form = item.forms?.find((f) => f.name === req.body.form);
      if (!form)
        throw new ApplianceError('case.item-unknown', `'${item.name}' has no form '${req.body.form}'`, 404);
      return { printed: await core.print.formCopy(item, form) };
    },
  );
}

/**
 * The 办事指南 over HTTP beyond the public state: printing a case item's materials checklist, or a
 * copy of one of its forms (表格).
 */
import type { CaseItemView } from '../../contract/api.ts';
import { apiPaths, ChecklistRequest, FormPrintRequest, PrintedResponse } from '../../contract/api.ts';
import type { ApplianceCore } from '../core/appliance-core.ts';
import { ApplianceError } from '../core/errors.ts';
import { deviceOf } from './device-guard.ts';
import type { RouteContext } from './routes.ts';

/** The item as the guide shows it (central's catalogue over the configured ones), and its service's name. */
function guideItem(core: ApplianceCore, itemId: string): { item: CaseItemView; serviceName: string } {
  for (const service of core.views.publicState().services) {
    const item = service.caseItems.find((i) => i.id === itemId);
    if (item) return { item, serviceName: service.name };
  }
  throw new ApplianceError('case.item-unknown', `no service item '${itemId}' at this centre`, 404);
}

export function registerGuideRoutes(ctx: RouteContext): void {
  const { app, core, staff, devices } = ctx;
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

/** The 办事指南 over HTTP beyond the public state: printing a case item's materials checklist. */
import { apiPaths, ChecklistRequest, PrintedResponse } from '../../contract/api.ts';
import { ApplianceError } from '../core/errors.ts';
import { deviceOf } from './device-guard.ts';
import type { RouteContext } from './routes.ts';

export function registerGuideRoutes(ctx: RouteContext): void {
  const { app, core, staff, devices } = ctx;
  app.post<{ Body: ChecklistRequest }>(
    apiPaths.guideChecklist,
    { schema: { body: ChecklistRequest, response: { 200: PrintedResponse } } },
    async (req) => {
      // The paired kiosk prints for a resident at the guide; a clerk at the counter may too.
      if (deviceOf(devices, req)?.role !== 'kiosk') staff(req, true);
      // The items as the guide shows them: central's catalogue over the configured ones.
      for (const service of core.views.publicState().services) {
        const item = service.caseItems.find((i) => i.id === req.body.itemId);
        if (item) return { printed: await core.print.materialsChecklist(service.name, item) };
      }
      throw new ApplianceError(
        'case.item-unknown',
        `no service item '${req.body.itemId}' at this centre`,
        404,
      );
    },
  );
}

/**
 * The ticket's QR opens `/q/{code}` on a phone: where the ticket stands, as a page and as JSON.
 * Public by design (the code is signed, and the answer holds nothing personal).
 */
import { TicketProgressView } from '../../contract/api.ts';
import { ticketProgress } from '../core/ticket-progress.ts';
import type { RouteContext } from './routes.ts';
import { ticketPageHtml } from './ticket-page.ts';

type CodeParams = { Params: { code: string } };

export function registerTicketPageRoutes({ app, core }: RouteContext): void {
  const progress = (code: string) => ticketProgress(code, core.codes, core.queue, core.config);
  app.get<CodeParams>(
    '/api/tickets/progress/:code',
    { schema: { response: { 200: TicketProgressView } } },
    (req, reply) => {
      reply.header('cache-control', 'no-store');
      return progress(req.params.code);
    },
  );
  app.get<CodeParams>('/q/:code', (req, reply) => {
    const view = progress(req.params.code);
    return reply
      .code(view.state === 'unknown' ? 404 : 200)
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(ticketPageHtml(core.config.centre.name, view));
  });
}

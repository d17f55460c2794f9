/**
 * A counter's rating screen (评价器): it asks whom its counter is serving or has just served, with
 * the clerk's name and staff number, and lights up for a rating once the clerk finishes the ticket.
 */
import { RATING_SCREEN_PATH, RatingScreenView } from '../../contract/api.ts';
import { ApplianceError } from '../core/errors.ts';
import { servedAtCounter } from './rating-rights.ts';
import type { RouteContext } from './routes.ts';

export function registerRatingScreenRoutes({ app, core, device }: RouteContext): void {
  app.get(RATING_SCREEN_PATH, { schema: { response: { 200: RatingScreenView } } }, (req) => {
    const screen = device(req, 'counter-rating');
    const counter = core.config.counters.find((c) => c.id === screen.counterId);
    if (!counter) {
      throw new ApplianceError('counter.unknown', `this screen's counter ${screen.counterId} is gone`, 404);
    }
    const view: RatingScreenView = {
      counter: { id: counter.id, number: counter.number, name: counter.name },
    };
    const ticket = servedAtCounter(core, counter.id);
    if (!ticket || (ticket.status !== 'called' && ticket.status !== 'done')) return view;
    const clerk = core.store.all('user').find((u) => u.username === ticket.clerk);
    if (clerk) {
      view.clerk = {
        name: clerk.displayName ?? clerk.username,
        ...(clerk.staffNumber ? { staffNumber: clerk.staffNumber } : {}),
      };
    }
    const rated = core.store
      .all('rating')
      .some((r) => r.subject.kind === 'ticket' && r.subject.id === ticket.id);
    view.ticket = {
      number: ticket.number,
      status: ticket.status,
      rated,
      // Only after service (the national rules), once per visit.
      ratable: ticket.status === 'done' && !rated,
    };
    return view;
  });
}

/**
 * The SMS messages a ticket, case, rectification, appointment or fleet alert caused, with their
 * delivery state (numbers masked).
 */
import { type ConsoleModule, HttpError } from '../module.ts';
import { deliveries } from '../notifications.ts';
import { enumParam, idParam } from '../query-params.ts';

const REFS = ['ticket', 'case', 'rectification', 'appointment', 'alert'] as const;

export const notificationsModule: ConsoleModule = {
  id: 'notifications',
  pages: [],
  routes: () => [
    {
      method: 'GET',
      url: '/api/notifications',
      permission: 'cases.view',
      async handler(req) {
        const ref = enumParam(req.query.ref, 'ref', REFS);
        const id = idParam(req.query.id, 'id');
        if (!ref || !id)
          throw new HttpError(
            400,
            'bad-query',
            'say ref (ticket, case, rectification, appointment, alert) and id',
          );
        return { body: { messages: await deliveries(req.db, ref, id) } };
      },
    },
  ],
};

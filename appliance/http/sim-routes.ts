/** The simulated devices' controls (demo and tests only: present when the bindings are simulators). */
import { SimCardError } from '../../drivers/idcard/index.ts';
import type { SimulationControls } from '../bindings/device-bindings.ts';
import { errorBody, type RouteContext } from './routes.ts';

export function registerSimRoutes({ app }: RouteContext, sim: SimulationControls): void {
  app.post<{ Body: { card: string } }>('/api/sim/card', async (req, reply) => {
    const name = (req.body as { card?: unknown } | undefined)?.card;
    if (typeof name !== 'string')
      return reply.code(400).send(errorBody('request.invalid', 'card must be a name'));
    // A simulated card by its name only: never a path to some file on the appliance.
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(name)) {
      return reply.code(404).send(errorBody('sim.card-unknown', `no simulated card '${name.slice(0, 64)}'`));
    }
    try {
      sim.placeCard(name);
    } catch (err) {
      if (!(err instanceof SimCardError)) throw err;
      return reply.code(404).send(errorBody('sim.card-unknown', `no simulated card '${name}'`));
    }
    return reply.code(204).send();
  });
  app.post<{ Body: { text: string } }>('/api/sim/scan', async (req, reply) => {
    const text = (req.body as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string' || text.length === 0 || text.length > 512) {
      return reply.code(400).send(errorBody('request.invalid', 'text must be the code to scan'));
    }
    await sim.scan(text);
    return reply.code(204).send();
  });
  app.delete('/api/sim/card', async (_req, reply) => {
    sim.removeCard();
    return reply.code(204).send();
  });
}

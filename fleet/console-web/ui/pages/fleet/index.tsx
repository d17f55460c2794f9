/** The fleet-operations pages, for the console's router (main.tsx). */
import type { SessionInfo } from '../../api.ts';
import type { Route } from '../../router.ts';
import { AlertsPage } from './alerts.tsx';
import { EnrolmentPage } from './enrolment.tsx';
import { FleetPage } from './fleet-list.tsx';
import { KioskPage } from './kiosk-detail.tsx';
import { RolloutsPage } from './rollouts.tsx';
import './fleet.css';

/** The fleet page for this route, or null when the route is not one of them (or not allowed). */
export function fleetPage(r: Route, session: SessionInfo) {
  const canAct = session.permissions.includes('fleet.act');
  if (!session.permissions.includes('fleet.view')) return null;
  switch (r.path) {
    case '/fleet':
      return <FleetPage query={r.query} canAct={canAct} />;
    case '/fleet-kiosk':
      return r.query.id ? <KioskPage key={r.query.id} id={r.query.id} canAct={canAct} /> : null;
    case '/fleet-alerts':
      return <AlertsPage query={r.query} canAct={canAct} />;
    case '/fleet-rollouts':
      return <RolloutsPage key={r.query.id ?? 'list'} query={r.query} canAct={canAct} />;
    case '/fleet-enrol':
      return <EnrolmentPage canAct={canAct} />;
    default:
      return null;
  }
}

/** HTTP routes for cases (受理, case board), the resident's progress lookup, ratings and reports. */
import { Type } from '@sinclair/typebox';
import {
  AcceptCaseRequest,
  AcceptCaseResponse,
  CaseAction,
  CaseActionRequest,
  CaseListResponse,
  CaseLookupRequest,
  CaseLookupResponse,
  CasePrintRequest,
  CaseView,
  PersonLookupRequest,
  PersonLookupResponse,
  PrintedResponse,
  RatingRequest,
  type Role,
} from '../../contract/api.ts';
import type { DayPerformance } from '../cases/index.ts';
import { ApplianceError } from '../core/errors.ts';
import { KeyedBuckets } from '../limits/keyed-buckets.ts';
import { clientKey, deviceOf, onlyFor } from './device-guard.ts';
import { assertMayRate } from './rating-rights.ts';
import { reportCsv } from './report-csv.ts';
import type { RouteContext } from './routes.ts';

const DayQuery = Type.Object(
  { day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) },
  { additionalProperties: false },
);
const MonthQuery = Type.Object(
  { month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) },
  { additionalProperties: false },
);

/** Per-clerk figures are for supervisors (and admins); a clerk's report has the rest. */
function reportFor(role: Role, report: DayPerformance): DayPerformance {
  return role === 'staff' ? { ...report, byClerk: {} } : report;
}

/** Every handler asks the core for the case desk of the configuration in effect now. */
export function registerCaseRoutes({ app, core, staff, device, devices }: RouteContext): void {
  app.get('/api/staff/cases', { schema: { response: { 200: CaseListResponse } } }, (req) => {
    staff(req, false);
    return { cases: core.desk.list() };
  });
  app.post<{ Body: AcceptCaseRequest }>(
    '/api/staff/cases',
    { schema: { body: AcceptCaseRequest, response: { 201: AcceptCaseResponse } } },
    async (req, reply) => reply.code(201).send(await core.desk.accept(req.body, staff(req, true).username)),
  );
  app.post<{ Params: { caseId: string }; Body: CasePrintRequest }>(
    '/api/staff/cases/:caseId/print',
    { schema: { body: CasePrintRequest, response: { 200: PrintedResponse } } },
    async (req) => {
      staff(req, true);
      return { printed: await core.desk.reprint(req.params.caseId, req.body.document) };
    },
  );
  app.post<{ Params: { caseId: string; action: string }; Body: CaseActionRequest | undefined }>(
    '/api/staff/cases/:caseId/:action',
    { schema: { body: Type.Optional(CaseActionRequest), response: { 200: CaseView } } },
    async (req) => {
      const session = staff(req, true);
      const action = req.params.action;
      if (!CaseAction.anyOf.some((a) => a.const === action)) {
        throw new ApplianceError('case.action-unknown', `no case action '${action}'`, 404);
      }
      return core.desk.act(req.params.caseId, action as CaseAction, req.body ?? {}, session.username);
    },
  );
  app.post<{ Body: PersonLookupRequest }>(
    '/api/staff/person-lookup',
    { schema: { body: PersonLookupRequest, response: { 200: PersonLookupResponse } } },
    async (req) => {
      const session = staff(req, true, 'supervisor');
      return core.desk.personLookup(req.body.idNumber, req.body.reason, session.username, (t) =>
        core.views.ticket(t),
      );
    },
  );
  app.get<{ Querystring: { day: string } }>(
    '/api/staff/report',
    { schema: { querystring: DayQuery } },
    async (req) => reportFor(staff(req, false).role, await core.desk.report(req.query.day)),
  );
  app.get<{ Querystring: { month: string } }>(
    '/api/staff/report/month',
    { schema: { querystring: MonthQuery } },
    async (req) => reportFor(staff(req, false).role, await core.desk.monthReport(req.query.month)),
  );
  app.get<{ Querystring: { day: string } }>(
    '/api/staff/report.csv',
    { schema: { querystring: DayQuery } },
    async (req, reply) => {
      const report = reportFor(staff(req, false).role, await core.desk.report(req.query.day));
      const csv = reportCsv(report, {
        service: (id) => core.config.services.find((s) => s.id === id)?.name ?? id,
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="shequ-report-${req.query.day}.csv"`)
        .send(csv);
    },
  );

  // A wrong receipt number or ID tail costs a token; a resident who mistypes twice never notices.
  const failedLookups = new KeyedBuckets({ burst: 10, perMinute: 5 });
  app.post<{ Body: CaseLookupRequest }>(
    '/api/cases/lookup',
    { schema: { body: CaseLookupRequest, response: { 200: CaseLookupResponse } } },
    async (req, reply) => {
      // Only the paired kiosk acts for the card on its reader.
      if (req.body.withCard) device(req, 'kiosk');
      const client = clientKey(devices, req);
      const allowed = failedLookups.check(client);
      if (!allowed.ok) {
        reply.header('retry-after', Math.ceil(allowed.retryAfterMs / 1000));
        throw new ApplianceError(
          'lookup.throttled',
          'too many lookups that found nothing: wait a minute',
          429,
        );
      }
      const kiosk = deviceOf(devices, req)?.role === 'kiosk';
      const { cases, failed } = await core.desk.lookupForResident(
        req.body.receiptNo,
        req.body.withCard ? core.currentHolder() : null,
        { idTail: req.body.idTail, scannedHere: (caseId) => kiosk && core.scans.scannedRecently(caseId) },
      );
      if (failed) failedLookups.take(client);
      return { cases };
    },
  );
  app.post<{ Body: RatingRequest }>(
    '/api/ratings',
    { onRequest: onlyFor(device, 'kiosk', 'counter-rating'), schema: { body: RatingRequest } },
    async (req, reply) => {
      assertMayRate(core, device(req, 'kiosk', 'counter-rating'), req.body.ticketNumber);
      await core.desk.rate(req.body);
      return reply.code(204).send();
    },
  );
}

/**
 * The centre's 差评 rectifications for staff on the admin panel: each poor rating given here with
 * its deadline, what central did with it (回访 result, reassignment, escalation; shared down), and
 * the centre's answer, kept on the appliance and sent up through the outbox in the same durable
 * commit. A new answer waits until central has recorded the last one, and none after the 回访.
 */
import {
  RectificationAnswerParams,
  RectificationAnswerRequest,
  type RectificationAnswerView,
  RectificationsResponse,
  RectificationView,
  rectificationsApiPaths,
} from '../../contract/rectifications-api.ts';
import type { RectificationEntry } from '../../contract/sharing.ts';
import { Mutex } from '../../platform/mutex.ts';
import type { RatingRecord } from '../cases/records.ts';
import { ApplianceError } from '../core/errors.ts';
import type { RectificationAnswerRecord } from '../store/records.ts';
import type { RouteContext } from './routes.ts';

interface Sources {
  rating: RatingRecord | undefined;
  central: RectificationEntry | undefined;
  local: RectificationAnswerRecord | undefined;
}

/** An answer is recorded once central's acts hold a centre reply with its text and day. */
function answersOf(local: RectificationAnswerRecord | undefined, central: RectificationEntry | undefined) {
  const recorded = (central?.acts ?? []).filter((a) => a.action === 'reply' && a.by.startsWith('centre:'));
  return (local?.answers ?? []).map(
    (a): RectificationAnswerView => ({
      text: a.text,
      day: a.day,
      by: a.by,
      state: recorded.some((r) => r.text === a.text && r.day === a.day) ? 'recorded' : 'sent',
    }),
  );
}

function viewOf(ratingId: string, { rating, central, local }: Sources): RectificationView {
  const answers = answersOf(local, central);
  const dueDay = central?.dueDay ?? rating?.rectifyBy;
  return {
    ratingId,
    serviceId: rating?.serviceId ?? central?.serviceId ?? '',
    score: rating?.score ?? central?.score ?? 1,
    day: rating?.day ?? central?.openedDay ?? '',
    ...(dueDay ? { dueDay } : {}),
    ...(rating?.comment ? { comment: rating.comment } : {}),
    ...(central ? { central } : {}),
    answers,
    canAnswer: central?.state !== 'visited' && answers.every((a) => a.state === 'recorded'),
  };
}

export function registerRectificationRoutes({ app, core, staff }: RouteContext): void {
  const answering = new Mutex();
  const sources = (ratingId: string, central: RectificationEntry | undefined): Sources => ({
    rating: core.store.get('rating', ratingId),
    central,
    local: core.store.get('rect-answer', ratingId),
  });

  app.get(rectificationsApiPaths.list, { schema: { response: { 200: RectificationsResponse } } }, (req) => {
    staff(req, false);
    const central = new Map(core.rectifications().map((e) => [e.ratingId, e]));
    // Every 差评 still held here, and any central holds whose rating this appliance has let go of.
    const ids = [...core.desk.ratings.poor().map((r) => r.id), ...central.keys()];
    const views = [...new Set(ids)].map((id) => viewOf(id, sources(id, central.get(id))));
    return { rectifications: views.sort((a, b) => (a.day === b.day ? 0 : a.day < b.day ? 1 : -1)) };
  });

  app.post<{ Params: RectificationAnswerParams; Body: RectificationAnswerRequest }>(
    '/api/staff/rectifications/:ratingId/answer',
    {
      schema: {
        params: RectificationAnswerParams,
        body: RectificationAnswerRequest,
        response: { 201: RectificationView },
      },
    },
    async (req, reply) => {
      const session = staff(req, true);
      const { ratingId } = req.params;
      // Read, check and commit as one section: two answers at once (a double click, two clerks)
      // would both pass `canAnswer` and the second commit would overwrite the first.
      return answering.run(async () => {
        const central = core.rectifications().find((e) => e.ratingId === ratingId);
        const src = sources(ratingId, central);
        if (!src.central && src.rating?.rectifyBy === undefined)
          throw new ApplianceError('rect.unknown', 'no rectification of a 差评 here by that rating', 404);
        const text = req.body.text.trim();
        if (!text) throw new ApplianceError('rect.answer-empty', 'an answer needs its text', 422);
        if (!viewOf(ratingId, src).canAnswer)
          throw new ApplianceError(
            'rect.answer-pending',
            central?.state === 'visited'
              ? 'the follow-up (回访) is done: the rectification is closed'
              : 'the last answer has not reached the district centre yet',
            409,
          );
        const answer = { text, day: core.queue.today(), by: session.username, at: Date.now() };
        const record: RectificationAnswerRecord = {
          kind: 'rect-answer',
          id: ratingId,
          answers: [...(src.local?.answers ?? []), answer],
        };
        await core.store.commit([record], {
          type: 'rectification.answered',
          body: { ratingId, text, day: answer.day, clerk: answer.by },
        });
        return reply.code(201).send(viewOf(ratingId, { ...src, local: record }));
      });
    },
  );
}

/**
 * The supervision notices central addressed to this centre, for staff on the admin panel, and the
 * centre's reply (回告): written once, kept on the appliance and sent up to central through the
 * outbox in the same durable commit, so it reaches central after a cut or a restart too.
 */
import {
  NoticeKindName,
  NoticeReplyParams,
  NoticeReplyRequest,
  NoticesResponse,
  NoticeView,
  noticesApiPaths,
} from '../../contract/notices-api.ts';
import type { NoticeEntry } from '../../contract/sharing.ts';
import { ApplianceError } from '../core/errors.ts';
import type { NoticeReplyRecord } from '../store/records.ts';
import type { RouteContext } from './routes.ts';

function viewOf(n: NoticeEntry, local: NoticeReplyRecord | undefined): NoticeView {
  const reply = n.reply
    ? { text: n.reply.text, day: n.reply.day, state: 'recorded' as const }
    : local
      ? { text: local.text, day: local.day, by: local.by, state: 'sent' as const }
      : undefined;
  return {
    noticeId: n.noticeId,
    kind: n.kind,
    kindName: NoticeKindName[n.kind] ?? n.kind,
    ...(n.caseId ? { caseId: n.caseId } : {}),
    ...(n.caseNumber ? { caseNumber: n.caseNumber } : {}),
    text: n.text,
    issuedAt: n.issuedAt,
    ...(n.replyBy ? { replyBy: n.replyBy } : {}),
    ...(reply ? { reply } : {}),
  };
}

export function registerNoticeRoutes({ app, core, staff }: RouteContext): void {
  app.get(noticesApiPaths.list, { schema: { response: { 200: NoticesResponse } } }, (req) => {
    staff(req, false);
    return {
      notices: core
        .notices()
        .sort((a, b) => b.issuedAt - a.issuedAt)
        .map((n) => viewOf(n, core.store.get('notice-reply', n.noticeId))),
    };
  });
  app.post<{ Params: NoticeReplyParams; Body: NoticeReplyRequest }>(
    '/api/staff/notices/:noticeId/reply',
    { schema: { params: NoticeReplyParams, body: NoticeReplyRequest, response: { 201: NoticeView } } },
    async (req, reply) => {
      const session = staff(req, true);
      const notice = core.notices().find((n) => n.noticeId === req.params.noticeId);
      if (!notice) throw new ApplianceError('notice.unknown', 'no such notice for this centre', 404);
      if (notice.reply || core.store.get('notice-reply', notice.noticeId))
        throw new ApplianceError('notice.replied', 'this notice has its reply already', 409);
      const text = req.body.text.trim();
      if (!text) throw new ApplianceError('notice.reply-empty', 'a reply needs its text', 422);
      const record: NoticeReplyRecord = {
        kind: 'notice-reply',
        id: notice.noticeId,
        text,
        day: core.queue.today(),
        by: session.username,
        at: Date.now(),
      };
      await core.store.commit([record], {
        type: 'notice.replied',
        body: { noticeId: record.id, text, day: record.day, clerk: record.by },
      });
      return reply.code(201).send(viewOf(notice, record));
    },
  );
}

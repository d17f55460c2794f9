/**
 * The ticket's QR opens `/q/{code}` on a phone: where the ticket stands, as a page and as JSON, and
 * the SMS reminder form at `/q/{code}/sms` (the same rules as the kiosk's keypad, ticket-optin.ts).
 * Public by design (the code is signed, and the answer holds nothing personal).
 */
import type { FastifyReply } from 'fastify';
import { TicketProgressView } from '../../contract/api.ts';
import { MOBILE_NUMBER } from '../../contract/notify-api.ts';
import type { TicketFields } from '../codes/index.ts';
import { ApplianceError } from '../core/errors.ts';
import { ticketCodeOf, ticketProgress } from '../core/ticket-progress.ts';
import type { RouteContext } from './routes.ts';
import type { TicketOptIn } from './ticket-optin.ts';
import { type TicketSms, ticketPageHtml } from './ticket-page.ts';
import { AHEAD_CHOICES, type SmsFormState, ticketSmsPageHtml } from './ticket-sms-page.ts';

type CodeParams = { Params: { code: string } };

const PHONE = new RegExp(MOBILE_NUMBER);

/** What the phone page says for each reason the opt-in was refused. */
const REFUSALS: Record<string, string> = {
  'notify.invalid-phone': '中心无法向这个号码发送短信，请检查号码',
  'notify.offline': '与中心的连接中断，暂时无法设置短信提醒',
  'notify.no-answer': '中心暂未应答，请稍后再试',
  'notify.unavailable': '中心暂时无法登记号码，请稍后再试',
  'notify.ticket-not-waiting': '这张号票已不在排队中',
  'notify.already': '这张号票已设置过短信提醒',
  'notify.already-near': '前面人数已不多，请留在大厅留意叫号',
};

export function registerTicketPageRoutes({ app, core }: RouteContext, sms: TicketOptIn): void {
  const progress = (code: string) => ticketProgress(code, core.codes, core.queue, core.config);
  /** Today's ticket the code names, on this kiosk; null for anything else. */
  const ticketIdOf = (code: string): string | null => {
    const verdict = core.codes.verifyCode(ticketCodeOf(code));
    if (verdict.kind !== 'shequ' || verdict.type !== 'ticket') return null;
    const fields = verdict.fields as TicketFields;
    return fields.kioskId === core.config.kioskId ? fields.ticketId : null;
  };
  const pageOf = (code: string) => `/q/${encodeURIComponent(code)}`;
  const smsOf = (code: string, peopleAhead: number | undefined): TicketSms => {
    const id = ticketIdOf(code);
    const set = id ? sms.of(id) : undefined;
    if (set) return { kind: 'set', ...set };
    if ((peopleAhead ?? 0) <= 1) return { kind: 'none' };
    return sms.available() ? { kind: 'offer', href: `${pageOf(code)}/sms` } : { kind: 'link-down' };
  };
  const html = (reply: FastifyReply, status: number, body: string) =>
    reply
      .code(status)
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(body);
  /** The form as it stands for this code now: the form, or why there is none. */
  const formState = (code: string, error?: string): { status: number; state: SmsFormState } => {
    const view = progress(code);
    if (view.state === 'unknown')
      return { status: 404, state: { kind: 'closed', message: '无法识别这张号票' } };
    if (view.state !== 'waiting')
      return { status: 409, state: { kind: 'closed', message: REFUSALS['notify.ticket-not-waiting']! } };
    const id = ticketIdOf(code);
    const set = id ? sms.of(id) : undefined;
    if (set) return { status: 200, state: { kind: 'done', number: view.number ?? '', ...set } };
    if ((view.peopleAhead ?? 0) <= 1)
      return { status: 409, state: { kind: 'closed', message: REFUSALS['notify.already-near']! } };
    if (!sms.available())
      return { status: 503, state: { kind: 'closed', message: REFUSALS['notify.offline']! } };
    return {
      status: error ? 400 : 200,
      state: {
        kind: 'form',
        number: view.number ?? '',
        peopleAhead: view.peopleAhead ?? 0,
        ...(error ? { error } : {}),
      },
    };
  };

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
    const status = view.state === 'unknown' ? 404 : 200;
    return html(
      reply,
      status,
      ticketPageHtml(core.config.centre.name, view, smsOf(req.params.code, view.peopleAhead)),
    );
  });
  app.get<CodeParams>('/q/:code/sms', (req, reply) => {
    const { status, state } = formState(req.params.code);
    return html(reply, status, ticketSmsPageHtml(core.config.centre.name, pageOf(req.params.code), state));
  });
  app.post<CodeParams & { Body: { phone?: unknown; ahead?: unknown } }>(
    '/q/:code/sms',
    async (req, reply) => {
      const code = req.params.code;
      const back = pageOf(code);
      const phone = typeof req.body?.phone === 'string' ? req.body.phone.replace(/[\s-]/g, '') : '';
      const ahead = Number(req.body?.ahead);
      const id = ticketIdOf(code);
      const current = formState(code);
      if (!id || current.state.kind !== 'form')
        return html(reply, current.status, ticketSmsPageHtml(core.config.centre.name, back, current.state));
      if (!PHONE.test(phone) || !(AHEAD_CHOICES as readonly number[]).includes(ahead)) {
        const again = formState(code, PHONE.test(phone) ? '请选择前面剩几人时提醒' : '请输入 11 位手机号码');
        return html(reply, again.status, ticketSmsPageHtml(core.config.centre.name, back, again.state));
      }
      try {
        const { masked } = await sms.subscribe(id, phone, ahead);
        const number = current.state.number;
        return html(
          reply,
          200,
          ticketSmsPageHtml(core.config.centre.name, back, { kind: 'done', number, masked, ahead }),
        );
      } catch (err) {
        if (!(err instanceof ApplianceError)) throw err;
        const again = formState(code, REFUSALS[err.code] ?? '暂时无法设置短信提醒，请稍后再试');
        return html(
          reply,
          again.state.kind === 'form' ? err.httpStatus : again.status,
          ticketSmsPageHtml(core.config.centre.name, back, again.state),
        );
      }
    },
  );
}

/**
 * The texts, in Chinese, each opening with the sender's 签名. Residents' messages end with the
 * opt-out instruction; staff messages name the centre and case so they can be acted on from the phone.
 */
import type { MessageKind } from './events.ts';

export interface TemplateParams {
  centre: string;
  pickup?: string;
  number?: string;
  ahead?: number;
  materials?: string[];
  item?: string;
  deadline?: string;
  service?: string;
  when?: string;
  id?: string;
  kiosk?: string;
  summary?: string;
  text?: string;
}

const OPT_OUT = '回TD退订';

const bodies: Record<MessageKind, (p: TemplateParams) => string> = {
  'queue.ahead': (p) => `您的${p.number}号前面还有${p.ahead}人，请回到${p.centre}大厅留意叫号。${OPT_OUT}`,
  'appointment.reminder': (p) =>
    `提醒：您预约了${p.when}在${p.centre}办理${p.service}，请携带身份证件按时到达。${OPT_OUT}`,
  'case.supplement': (p) =>
    `您的申请（受理编号${p.number}）需补正材料：${(p.materials ?? []).join('、')}。请带齐后到${p.centre}办理，补正期间办理时限暂停计算。${OPT_OUT}`,
  'case.completed': (p) =>
    `您的申请（受理编号${p.number}）已办结，请携带受理回执和身份证件到${p.pickup ?? p.centre}领取。${OPT_OUT}`,
  'case.refused': (p) =>
    `您的申请（受理编号${p.number}）未获受理或许可，理由见书面告知书，可到${p.centre}咨询。${OPT_OUT}`,
  'case.warning': (p) =>
    `预警：${p.centre}受理编号${p.number}（${p.item}）将于${p.deadline}到期，请及时办结。`,
  'case.yellow': (p) =>
    `黄牌督办：${p.centre}受理编号${p.number}（${p.item}）已超过承诺时限${p.deadline}，请立即办理并回告。`,
  'case.red': (p) =>
    `红牌督办：${p.centre}受理编号${p.number}（${p.item}）超过法定时限${p.deadline}仍未办结，请按整改建议书整改。`,
  'rectification.assigned': (p) => `差评整改：${p.centre}收到差评，整改单${p.id}请于${p.deadline}前答复。`,
  'rectification.overdue': (p) => `整改超期：${p.centre}整改单${p.id}应于${p.deadline}前答复，现已超期。`,
  'fleet.alert': (p) => `设备告警：${p.centre}（${p.kiosk}）${p.summary}，${p.when}。`,
  test: (p) => p.text ?? '测试短信，请忽略。',
};

export function renderMessage(signature: string, kind: MessageKind, params: TemplateParams): string {
  return `【${signature}】${bodies[kind](params)}`;
}

/** Simplified Chinese for the admin panel's supervision notices (督办通知) and the centre's reply (回告). */
export const zhNotices = {
  'admin.tab.notices': '督办通知',
  'notices.title': '上级督办通知',
  'notices.none': '暂无督办通知',
  'notices.case': '办件编号',
  'notices.issued': '下发日期',
  'notices.replyBy': '回告期限',
  'notices.print': '打印',
  'notices.reply': '回告',
  'notices.replyLabel': '回告内容',
  'notices.send': '提交回告',
  'notices.sending': '正在提交…',
  'notices.sent': '已提交，正在上报区中心',
  'notices.recorded': '区中心已收到回告',
  'notices.repliedOn': '回告日期：{day}',
  'notices.issuer': '区电子监察中心',
} as const;

/** English for the admin panel's supervision notices and the centre's reply. */
export const enNotices = {
  'admin.tab.notices': 'Notices',
  'notices.title': 'Supervision notices from the district',
  'notices.none': 'No supervision notices',
  'notices.case': 'Case number',
  'notices.issued': 'Issued',
  'notices.replyBy': 'Reply by',
  'notices.print': 'Print',
  'notices.reply': 'Reply',
  'notices.replyLabel': 'Reply text',
  'notices.send': 'Send reply',
  'notices.sending': 'Sending…',
  'notices.sent': 'Sent, on its way to the district centre',
  'notices.recorded': 'Received by the district centre',
  'notices.repliedOn': 'Replied on {day}',
  'notices.issuer': 'District electronic supervision centre',
};

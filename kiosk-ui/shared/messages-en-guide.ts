import type { zhGuide } from './messages-zh-guide.ts';

/** English for the kiosk's service guide by department and by life event, and the items' forms. */
export const enGuide: Record<keyof typeof zhGuide, string> = {
  'guide.mode': 'Find by',
  'guide.mode.service': 'By service',
  'guide.mode.department': 'By department',
  'guide.mode.event': 'By life event',
  'guide.intro.department': 'Choose a department to see what it handles at this centre',
  'guide.intro.event': 'Choose a moment in life to see the applications that go with it',
  'guide.department.none': 'This centre',
  'guide.itemCount': '{n} items',
  'guide.event.empty': 'Nothing yet',
  'guide.backToDepartments': 'Other departments',
  'guide.backToEvents': 'Other life events',
  'guide.backToItems': 'Back to the list',
  'guide.takeNumber': 'To take a number, choose: {service}',
  'guide.forms': 'Forms:',
  'guide.form.print': 'Print the form',
  'guide.form.printed': 'Printed: take the form from the ticket slot',
  'guide.form.hint': 'Scan the QR code on the form with a phone to download it',
  'accept.forms': 'Forms for this item',
  'accept.form.print': 'Print',
};

import type { zhDevices } from './messages-zh-devices.ts';

/** The document camera and the counter's rating screen, in English. */
export const enDevices: Record<keyof typeof zhDevices, string> = {
  'kiosk.camera.open': 'No card, or it will not read? Photograph your document',
  'kiosk.camera.title': 'Photograph your document',
  'kiosk.camera.titleFor': 'Photograph your document · {service}',
  'kiosk.camera.which': 'Document type',
  'kiosk.camera.kind.id': 'ID card / residence permit',
  'kiosk.camera.kind.mrz': 'Passport / travel permit',
  'kiosk.camera.starting': 'Starting the camera…',
  'kiosk.camera.hint.place': 'Lay the photo side of your card flat under the camera, inside the frame',
  'kiosk.camera.hint.place-mrz': 'Lay the passport data page or permit flat, the code lines inside the frame',
  'kiosk.camera.hint.unsure': 'The number could not be verified; lay the card flat and avoid glare',
  'kiosk.camera.read': 'Read: {name}, document {number}',
  'kiosk.camera.readNoName': 'Read document {number} (the name could not be read reliably and is not shown)',
  'kiosk.camera.unavailable': 'The camera cannot be used; please go to a counter',
  'kiosk.camera.fault': 'Document reading is not available; please go to a counter',
  'kiosk.camera.timeout': 'The document could not be read; please go to a counter',
  'card.greetingNumber': 'Hello, document {number} read',
  'rating.screen.title': '{counter} · rate our service',
  'rating.screen.idle': 'Welcome',
  'rating.screen.serving': 'Serving you now',
  'rating.screen.clerk': 'Served by: {name}',
  'rating.screen.clerkNumber': 'Staff no. {number}',
  'rating.screen.ask': 'Please rate this visit (number {ticket})',
  'rating.screen.thanks': 'Thank you for your rating!',
  'rating.screen.unpaired': 'This rating screen is not paired yet; please ask an administrator',
};

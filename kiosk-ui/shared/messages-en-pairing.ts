import type { zhPairing } from './messages-zh-pairing.ts';

/** The devices page's camera row and screen pairing, in English. */
export const enPairing: Record<keyof typeof zhPairing, string> = {
  'devices.camera': 'Document camera',
  'devices.detail.ocrReady': 'OCR ready',
  'devices.detail.ocrWorking': 'OCR working',
  'devices.detail.ocrFailed': 'OCR failed; see the system log',
  'pairing.title': 'Pair a screen',
  'pairing.intro':
    "Make a one-time code for a new kiosk, hall board or counter rating screen; open the pairing link in that screen's browser, or type the code there.",
  'pairing.role': 'Screen',
  'pairing.role.kiosk': 'Kiosk',
  'pairing.role.board': 'Hall board',
  'pairing.role.counter-rating': 'Counter rating screen',
  'pairing.counter': 'Counter',
  'pairing.label': 'Name (optional)',
  'pairing.create': 'Make a pairing code',
  'pairing.code': 'Pairing code',
  'pairing.link': 'Pairing link',
  'pairing.expires': 'Valid until {time}, once',
  'pairing.refresh': 'Refresh',
  'pairing.paired': 'Paired screens',
  'pairing.none': 'No screen is paired yet',
  'pairing.col.label': 'Name',
  'pairing.col.role': 'Screen',
  'pairing.col.counter': 'Counter',
  'pairing.col.pairedAt': 'Paired',
  'pairing.revoke': 'Unpair',
  'pairing.revokeConfirm': 'Unpair “{label}”? The screen must be paired again before it can be used.',
  'pairing.revoked': 'Unpaired “{label}”',
  'pairing.adminOnly': 'Only an administrator can pair screens',
};

/**
 * Shequ's signed QR codes (queue tickets, acceptance receipts, appointments). Construct one
 * CodeSigner with the centre's 32-byte code key and use it both to print and to check codes.
 */
export { CODE_VERSION, type CodeKey, CodeSigner, type CodeSignerOptions } from './code-signer.ts';
export { classifyForeign, type ForeignFormat, gtinCheckDigitValid } from './foreign.ts';
export {
  type AppointmentFields,
  CodeFieldError,
  type CodeFieldsByType,
  type CodePayload,
  type CodeType,
  type ReceiptFields,
  type TicketFields,
} from './payloads.ts';
export { verifyScans } from './scan-verifier.ts';
export {
  type CodeVerdict,
  type ExpiredCode,
  type ForgedReason,
  type MalformedReason,
  type ShequCode,
  verdictMessage,
} from './verdicts.ts';

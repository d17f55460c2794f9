/**
 * Mainland mobile numbers as the notification service takes them: normalised to 11 digits,
 * validated by shape, and masked (138****1234) wherever one is shown or logged.
 */

const MOBILE = /^1[3-9]\d{9}$/;

export class BadPhoneError extends Error {
  readonly code = 'NOTIFY_BAD_PHONE';
}

/** '+86 138-0013-8000' → '13800138000'; throws BadPhoneError for anything that is not a mobile. */
export function normalisePhone(input: string): string {
  let digits = input.replace(/[\s\-()]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (!MOBILE.test(digits)) throw new BadPhoneError('not a mainland mobile number');
  return digits;
}

export function isMobile(input: string): boolean {
  try {
    normalisePhone(input);
    return true;
  } catch {
    return false;
  }
}

export { maskPhone } from '../../platform/masking.ts';

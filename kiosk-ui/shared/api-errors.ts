/**
 * What a screen says when the appliance refuses: looked up by the error's code in the screen's
 * language, never the server's own text (which is for logs and may be English).
 */
import { ApiClientError } from './api-client.ts';
import { isMessageKey, type Translator } from './i18n.ts';

export type ErrorAudience = 'resident' | 'staff';

export function errorCode(err: unknown): string {
  return err instanceof ApiClientError ? err.code : 'unknown';
}

export function apiErrorText(t: Translator, err: unknown, audience: ErrorAudience = 'resident'): string {
  return apiErrorTextForCode(t, errorCode(err), audience);
}

export function apiErrorTextForCode(
  t: Translator,
  code: string,
  audience: ErrorAudience = 'resident',
): string {
  const key = `error.${code}`;
  if (isMessageKey(key)) return t(key);
  return t(audience === 'staff' ? 'error.staff' : 'error.unknown');
}

/** The checks the staff page makes before it sends, with the appliance's own patterns (contract/staff-users-api.ts). */
import { staffPatterns } from '../../contract/staff-users-api.ts';
import type { MessageKey } from '../shared/i18n.ts';

const matches = (pattern: string, value: string) => new RegExp(pattern, 'u').test(value);

export function usernameProblem(username: string): MessageKey | null {
  return matches(staffPatterns.username, username) ? null : 'users.invalid.username';
}

/** Name and 工号 may each be left empty; what is given must be a plausible name and number. */
export function profileProblem(name: string, staffNumber: string): MessageKey | null {
  if (name.trim() !== '' && !matches(staffPatterns.displayName, name.trim())) return 'users.invalid.name';
  if (staffNumber.trim() !== '' && !matches(staffPatterns.staffNumber, staffNumber.trim()))
    return 'users.invalid.number';
  return null;
}

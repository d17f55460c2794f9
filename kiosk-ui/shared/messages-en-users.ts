import type { zhUsers } from './messages-zh-users.ts';

/** The admin's staff accounts page, in English. */
export const enUsers: Record<keyof typeof zhUsers, string> = {
  'admin.tab.users': 'Staff',
  'users.title': 'Staff accounts',
  'users.note':
    "The name and staff number appear on the counter's rating screen, so residents know whom they rate.",
  'users.col.username': 'User name',
  'users.col.role': 'Role',
  'users.col.name': 'Name',
  'users.col.number': 'Staff no.',
  'users.save': 'Save',
  'users.saved': "Saved {user}'s name and staff number",
  'users.add.title': 'Add an account',
  'users.username': 'User name',
  'users.password': 'Initial password',
  'users.role': 'Role',
  'users.name': 'Name',
  'users.number': 'Staff no.',
  'users.add': 'Add',
  'users.added': 'Added the account {user}',
  'users.invalid.username': 'A user name is 2–32 lower-case letters, digits or . _ -, starting with a letter',
  'users.invalid.password': 'The initial password needs at least 8 characters',
  'users.invalid.name': 'A name is 1–20 characters, without digits',
  'users.invalid.number': 'A staff number is up to 16 digits or capital letters, dashes between',
  'users.adminOnly': 'Only an administrator can manage staff accounts',
  'error.user.staff-number-taken': 'That staff number belongs to someone else',
  'error.user.unknown': 'No such account; reload and try again',
};

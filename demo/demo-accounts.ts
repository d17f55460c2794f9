import type { StaffAuth } from '../appliance/http/staff-auth.ts';

/** Demo staff accounts, created only in simulation mode and only when no account exists yet. */
export const DEMO_PASSWORD = 'shequ-demo';
export const DEMO_ACCOUNTS = [
  { username: 'admin', role: 'admin', displayName: '王敏', staffNumber: '0001' },
  { username: 'clerk', role: 'staff', displayName: '李晓红', staffNumber: '0123' },
] as const;

export async function seedDemoAccounts(auth: StaffAuth): Promise<boolean> {
  if (auth.hasUsers()) return false;
  for (const a of DEMO_ACCOUNTS) {
    await auth.addUser(a.username, DEMO_PASSWORD, a.role, {
      displayName: a.displayName,
      staffNumber: a.staffNumber,
    });
  }
  return true;
}

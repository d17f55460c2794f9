/**
 * The central directory the staff messages go to: who is the clerk, centre head, supervisor or
 * operator for which centre ('*' = the whole district), and each centre's name and pick-up place.
 */
import type { SqlRunner } from '../db/central-db.ts';
import { savePhone } from './contacts.ts';
import type { StaffRole } from './events.ts';
import { normalisePhone } from './phone.ts';
import type { PhoneVault } from './phone-vault.ts';

export const DISTRICT = '*';

export interface StaffEntry {
  id: number;
  role: StaffRole;
  centreId: string;
  staffRef: string;
  name: string;
  masked: string;
}

export interface StaffRecipient {
  role: StaffRole;
  name: string;
  hash: Buffer;
  masked: string;
}

export async function addStaff(
  db: SqlRunner,
  vault: PhoneVault,
  entry: { role: StaffRole; centreId: string; staffRef?: string; name: string; phone: string },
  now: number,
): Promise<StaffEntry> {
  const phone = normalisePhone(entry.phone);
  const stored = await savePhone(db, vault, phone, now);
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO notify_staff (role, centre_id, staff_ref, name, phone_hash) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (role, centre_id, staff_ref, phone_hash) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [entry.role, entry.centreId, entry.staffRef ?? '', entry.name, stored.hash],
  );
  return {
    id: Number(row!.id),
    role: entry.role,
    centreId: entry.centreId,
    staffRef: entry.staffRef ?? '',
    name: entry.name,
    masked: stored.masked,
  };
}

export async function removeStaff(db: SqlRunner, id: number): Promise<boolean> {
  return (await db.query('DELETE FROM notify_staff WHERE id = $1 RETURNING id', [id])).length > 0;
}

export async function listStaff(db: SqlRunner): Promise<StaffEntry[]> {
  const rows = await db.query<{
    id: string;
    role: StaffRole;
    centre_id: string;
    staff_ref: string;
    name: string;
    masked: string;
  }>(
    `SELECT s.id, s.role, s.centre_id, s.staff_ref, s.name, p.masked
     FROM notify_staff s JOIN notify_phone p USING (phone_hash) ORDER BY s.centre_id, s.role, s.id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    role: r.role,
    centreId: r.centre_id,
    staffRef: r.staff_ref,
    name: r.name,
    masked: r.masked,
  }));
}

/** Staff in `role` for `centreId` (district-wide entries included); clerks matched by their staff id. */
export async function staffFor(
  db: SqlRunner,
  role: StaffRole,
  centreId: string,
  staffRef?: string,
): Promise<StaffRecipient[]> {
  if (role === 'clerk' && !staffRef) return [];
  const rows = await db.query<{ name: string; phone_hash: Buffer; masked: string }>(
    `SELECT s.name, s.phone_hash, p.masked FROM notify_staff s JOIN notify_phone p USING (phone_hash)
     WHERE s.role = $1 AND s.centre_id IN ($2, $3) AND ($4::text IS NULL OR s.staff_ref = $4)
     ORDER BY s.id`,
    [role, centreId, DISTRICT, role === 'clerk' ? staffRef : null],
  );
  return rows.map((r) => ({ role, name: r.name, hash: Buffer.from(r.phone_hash), masked: r.masked }));
}

export interface Centre {
  name: string;
  pickup: string;
}

export async function setCentre(db: SqlRunner, centreId: string, centre: Centre): Promise<void> {
  await db.query(
    `INSERT INTO notify_centre (centre_id, name, pickup) VALUES ($1, $2, $3)
     ON CONFLICT (centre_id) DO UPDATE SET name = EXCLUDED.name, pickup = EXCLUDED.pickup`,
    [centreId, centre.name, centre.pickup],
  );
}

export async function centreOf(db: SqlRunner, centreId: string): Promise<Centre> {
  const [row] = await db.query<Centre>('SELECT name, pickup FROM notify_centre WHERE centre_id = $1', [
    centreId,
  ]);
  return row ?? { name: '社区服务中心', pickup: '社区服务中心窗口' };
}

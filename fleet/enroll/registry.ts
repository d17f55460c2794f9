/**
 * Enrolled kiosks and enrolment requests waiting for an operator, as one JSON file each under
 * `<data>/enroll/kiosks/` and `<data>/enroll/pending/`.
 */
import { mkdir, open, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFile, writeFileIn } from './files.ts';

export interface EnrolledKiosk {
  kioskId: string;
  siteId: string;
  serial: string;
  enrolledAt: number;
  notAfter: number;
}

export interface PendingEnrolment {
  serial: string;
  siteId: string;
  claimHash: string;
  requestedAt: number;
  approvedAt: number | null;
  approvedBy: string | null;
}

export class ApprovalError extends Error {
  readonly code = 'enroll.no-such-request';
}

async function listJson<T>(dir: string): Promise<T[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const items = await Promise.all(
    names.filter((n) => n.endsWith('.json')).map((n) => readJsonFile<T>(join(dir, n))),
  );
  return items.filter((x): x is Awaited<T> & T => x !== null);
}

export class EnrolmentRegistry {
  private readonly kiosksDir: string;
  private readonly pendingDir: string;

  constructor(dataDir: string) {
    this.kiosksDir = join(dataDir, 'enroll', 'kiosks');
    this.pendingDir = join(dataDir, 'enroll', 'pending');
  }

  kiosks(): Promise<EnrolledKiosk[]> {
    return listJson<EnrolledKiosk>(this.kiosksDir);
  }

  async kioskBySerial(serial: string): Promise<EnrolledKiosk | undefined> {
    return (await this.kiosks()).find((k) => k.serial === serial);
  }

  /** Reserves a kiosk ID (exclusive create); false if it is taken by another serial. */
  async reserveKioskId(kioskId: string, serial: string): Promise<boolean> {
    const path = join(this.kiosksDir, `${kioskId}.json`);
    const existing = await readJsonFile<EnrolledKiosk>(path);
    if (existing) return existing.serial === serial;
    await mkdir(this.kiosksDir, { recursive: true, mode: 0o700 });
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(JSON.stringify({ kioskId, serial, reserved: true }));
      await handle.close();
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
  }

  /** Picks `<site>-001`, `<site>-002`, … the first free one. */
  async allocateKioskId(siteId: string, serial: string): Promise<string> {
    for (let n = 1; n < 100_000; n++) {
      const id = `${siteId}-${String(n).padStart(3, '0')}`;
      if (await this.reserveKioskId(id, serial)) return id;
    }
    throw new Error(`no free kiosk ID left for site ${siteId}`);
  }

  async record(kiosk: EnrolledKiosk): Promise<void> {
    await writeFileIn(join(this.kiosksDir, `${kiosk.kioskId}.json`), `${JSON.stringify(kiosk, null, 2)}\n`);
  }

  pending(): Promise<PendingEnrolment[]> {
    return listJson<PendingEnrolment>(this.pendingDir);
  }

  getPending(serial: string): Promise<PendingEnrolment | null> {
    return readJsonFile<PendingEnrolment>(join(this.pendingDir, `${serial}.json`));
  }

  async putPending(p: PendingEnrolment): Promise<void> {
    await writeFileIn(join(this.pendingDir, `${p.serial}.json`), `${JSON.stringify(p, null, 2)}\n`);
  }

  async approve(serial: string, by: string, now = Date.now()): Promise<PendingEnrolment> {
    const p = await this.getPending(serial);
    if (!p) throw new ApprovalError(`no enrolment request from serial ${serial} is waiting`);
    const approved = { ...p, approvedAt: now, approvedBy: by };
    await this.putPending(approved);
    return approved;
  }

  async removePending(serial: string): Promise<void> {
    await unlink(join(this.pendingDir, `${serial}.json`)).catch(() => {});
  }
}

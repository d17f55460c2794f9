import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ApplianceError } from '../core/errors.ts';
import { Store } from '../store/store.ts';
import { StaffAuth } from './staff-auth.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function auth(clock: { t: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-auth-'));
  dirs.push(dir);
  const store = await Store.open(dir);
  const a = new StaffAuth(store, () => clock.t);
  await a.addUser('clerk', 'correct horse', 'staff');
  return { a, dir };
}

test('passwords are stored hashed, and a good login gives a session with a CSRF token', async () => {
  const clock = { t: 1_000_000 };
  const { a, dir } = await auth(clock);
  const reopened = await Store.open(dir);
  const stored = reopened.all('user')[0]!;
  assert.ok(!stored.passwordHash.includes('correct horse'));
  assert.match(stored.passwordHash, /^scrypt\$/);
  const { token, view } = await a.login('clerk', 'correct horse');
  assert.equal(view.role, 'staff');
  assert.equal(a.authorize(token, { write: false }).username, 'clerk');
  assert.throws(
    () => a.authorize(token, { write: true, csrf: 'wrong' }),
    (e: ApplianceError) => e.code === 'auth.csrf',
  );
  assert.equal(a.authorize(token, { write: true, csrf: view.csrfToken }).username, 'clerk');
  assert.throws(
    () => a.authorize(token, { write: false, role: 'admin' }),
    (e: ApplianceError) => e.code === 'auth.forbidden',
  );
});

test('five wrong passwords lock the account, even for the right password, until the lockout ends', async () => {
  const clock = { t: 1_000_000 };
  const { a } = await auth(clock);
  for (let i = 0; i < 5; i++) {
    await assert.rejects(a.login('clerk', 'wrong'), (e: ApplianceError) => e.code === 'auth.refused');
  }
  await assert.rejects(a.login('clerk', 'correct horse'), (e: ApplianceError) => e.code === 'auth.locked');
  clock.t += 16 * 60_000;
  const { view } = await a.login('clerk', 'correct horse');
  assert.equal(view.username, 'clerk');
});

test('an unknown user gets the same answer as a wrong password', async () => {
  const { a } = await auth({ t: 0 });
  await assert.rejects(a.login('nobody', 'x'), (e: ApplianceError) => e.code === 'auth.refused');
});

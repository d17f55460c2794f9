/**
 * Staff logins through HTTP, as clients of the hall's LAN at different addresses: the clerk's
 * counter terminal at 127.0.0.1, attackers at 127.0.1.x.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hallLimitPaths } from '../../contract/api.ts';
import { clientAddress, requestFrom } from '../../test/support/from-address.ts';
import { CLERK, startTestAppliance, type TestAppliance } from './test-appliance.ts';

let t: TestAppliance;
before(async () => {
  t = await startTestAppliance();
});
after(() => t.close());

const loginFrom = (address: string, password: string, username: string = CLERK.username) =>
  requestFrom(address, `${t.running.url}/api/session`, {
    method: 'POST',
    body: { username, password },
  });

interface Attempt {
  ts: number;
  username: string;
  client: string;
  action: string;
  count: number;
}

/** The login attempts staff read, once the one that `until` waits for has been written (once a second). */
async function loginAttempts(until: (attempts: Attempt[]) => boolean): Promise<Attempt[]> {
  const headers = await t.login();
  const deadline = Date.now() + 5_000;
  for (;;) {
    const r = await t.call('GET', hallLimitPaths.staffLoginAudit, undefined, { cookie: headers.cookie });
    assert.equal(r.status, 200);
    if (until(r.json.attempts) || Date.now() > deadline) return r.json.attempts;
    await new Promise((done) => setTimeout(done, 200));
  }
}

const countOf = (attempts: Attempt[], client: string, action: string) =>
  attempts.filter((a) => a.client === client && a.action === action).reduce((n, a) => n + a.count, 0);

test('passwords are stored hashed, and a good login gives a session whose writes need its CSRF token', async () => {
  const stored = t.running.appliance.store.all('user')[0]!;
  assert.ok(!stored.passwordHash.includes(CLERK.password));
  assert.match(stored.passwordHash, /^scrypt\$/);
  const headers = await t.login();
  const me = await t.call('GET', '/api/session', undefined, { cookie: headers.cookie });
  assert.equal(me.json.username, CLERK.username);
  const noCsrf = await t.call('DELETE', '/api/session', undefined, { cookie: headers.cookie });
  assert.equal(noCsrf.status, 403);
  assert.equal(noCsrf.json.error.code, 'auth.csrf');
  const admin = await t.call('GET', '/api/staff/devices/paired', undefined, { cookie: headers.cookie });
  assert.equal(admin.json.error.code, 'auth.forbidden');
});

test('an unknown user gets the same answer as a wrong password', async () => {
  const r = await loginFrom(clientAddress(200), 'whatever-1', 'nobody');
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'auth.refused');
});

test('40 concurrent wrong passwords from one client are throttled before hashing, and the clerk still logs in from the counter', async () => {
  const attacker = clientAddress(0);
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => loginFrom(attacker, `guess-${i}`)));
  const refused = answers.filter((a) => a.status === 401);
  const throttled = answers.filter((a) => a.status === 429);
  // Of the ten its allowance lets through, one client holds at most two places in the hashing queue at once.
  const busy = answers.filter((a) => a.status === 503 && a.json.error.code === 'auth.busy');
  assert.equal(
    refused.length + throttled.length + busy.length,
    40,
    'every attempt was refused one way or the other',
  );
  assert.ok(
    refused.length <= 10,
    `at most the client's allowance reached a password check (${refused.length})`,
  );
  assert.ok(throttled.length >= 30);
  assert.equal(throttled[0]!.json.error.code, 'auth.throttled');
  assert.ok(
    Number(throttled[0]!.headers['retry-after']) >= 1,
    'a throttled client is told when to try again',
  );
  // Still throttled, even with the right password: the allowance is the client's.
  assert.equal((await loginFrom(attacker, CLERK.password)).status, 429);
  // The clerk at the counter terminal (another client) is not locked out.
  const clerk = await loginFrom('127.0.0.1', CLERK.password);
  assert.equal(clerk.status, 200, JSON.stringify(clerk.json));

  const attacked = `ip:${attacker}`;
  const attempts = await loginAttempts(
    (all) => countOf(all, attacked, 'login.throttled') === throttled.length + 1,
  );
  assert.equal(
    countOf(attempts, attacked, 'login.refused'),
    refused.length,
    'each checked wrong password is in the audit log',
  );
  assert.equal(
    countOf(attempts, attacked, 'login.throttled'),
    throttled.length + 1,
    'and each throttled one',
  );
  assert.ok(countOf(attempts, 'ip:127.0.0.1', 'login.ok') >= 1, 'and the clerk getting in');
});

test('guesses sprayed from many new clients slow the account for new clients only: the clerk terminal gets through', async () => {
  // 127.0.0.1 logged in before (the test above): it is this account's own terminal.
  const sprayed = await Promise.all(
    Array.from({ length: 45 }, (_, i) => loginFrom(clientAddress(10 + i), `spray-${i}`)),
  );
  const slowed = sprayed.filter((a) => a.status === 429);
  assert.ok(slowed.length >= 10, `the account allowance for new clients ran out (${slowed.length} slowed)`);
  assert.match(slowed[0]!.json.error.message, /usual counter terminal/);
  // The account regains six tries a minute: spend what came back while the spray was answered.
  for (let i = 0; i < 10; i++)
    if ((await loginFrom(clientAddress(60 + i), `again-${i}`)).status === 429) break;
  // A client new to the account is slowed even with the right password...
  const newcomer = await loginFrom(clientAddress(100), CLERK.password);
  assert.equal(newcomer.status, 429);
  // ...while the clerk's own terminal logs in at once, and a mistyped password there is only a 401.
  assert.equal((await loginFrom('127.0.0.1', 'typo-pass')).status, 401);
  assert.equal((await loginFrom('127.0.0.1', CLERK.password)).status, 200);
});

const SPRAY_GROUPS = 500;
/** An audit line of SPRAY_GROUPS login groups, longer than the 64 KiB the log is read back by. */
function sprayLine(ts: number) {
  const groups = Array.from({ length: SPRAY_GROUPS }, (_, j) => ({
    ts,
    username: 'clerk',
    client: `ip:10.1.${j}-${'x'.repeat(120)}`,
    action: 'login.refused',
    count: 1,
  }));
  const detail = JSON.stringify({ groups });
  assert.ok(detail.length > 64 * 1024, `the spray line is ${detail.length} bytes`);
  return { ts, staff: 'login', action: 'login.attempts', subjectRef: '', detail };
}

test('the login attempts are read a page at a time from the end of the audit log, newest first, and the pages join up', async () => {
  // A long month of attempts in the audit log (3,000 lines), written where LoginAudit writes them.
  const audit = t.running.appliance.audit;
  for (let i = 0; i < 3000; i++) {
    await audit.append({
      ts: i,
      staff: 'login',
      action: 'login.attempts',
      subjectRef: '',
      detail: JSON.stringify({
        groups: [{ ts: i, username: 'clerk', client: `ip:10.0.${i}`, action: 'login.refused', count: 1 }],
      }),
    });
    // Mid-month, one second's spray in a single line longer than a 64 KiB slice (500 groups).
    if (i === 1500) await audit.append(sprayLine(i));
  }
  const { cookie } = await t.login();
  const seen: number[] = [];
  const sprayed = new Set<string>();
  let before: number | undefined;
  let pages = 0;
  do {
    const query = `?limit=100${before ? `&before=${before}` : ''}`;
    const r = await t.call('GET', `${hallLimitPaths.staffLoginAudit}${query}`, undefined, { cookie });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const held = r.json.attempts.length;
    // A page keeps to the limit; only the spray line, never split, is more on its own.
    assert.ok(held <= 100 || held === SPRAY_GROUPS, `one page held ${held} attempts`);
    for (const a of r.json.attempts as Attempt[]) {
      if (a.client.startsWith('ip:10.0.')) seen.push(a.ts);
      if (a.client.startsWith('ip:10.1.')) sprayed.add(a.client);
    }
    before = r.json.next;
    pages++;
  } while (before !== undefined && pages < 100);
  assert.ok(pages > 3, `the month came in ${pages} pages`);
  assert.equal(seen.length, 3000, 'every attempt once');
  assert.equal(sprayed.size, SPRAY_GROUPS, 'the line longer than a slice was read whole');
  assert.deepEqual(
    seen,
    Array.from({ length: 3000 }, (_, i) => 2999 - i),
    'newest first, no page overlapping the next',
  );
  const bad = await t.call('GET', `${hallLimitPaths.staffLoginAudit}?before=abc`, undefined, { cookie });
  assert.equal(bad.status, 400);
});

test('the failure count and lock an older version stored in an account are dropped at start, and the clerk logs in', async () => {
  const store = t.running.appliance.store;
  const clerk = store.all('user').find((u) => u.username === CLERK.username)!;
  // What the older version left: five failures and a lock until next week.
  await store.commit([
    { ...clerk, failedLogins: 5, lockedUntil: Date.now() + 7 * 86_400_000 } as typeof clerk,
  ]);
  await t.restart();
  const migrated = t.running.appliance.store.all('user').find((u) => u.username === CLERK.username)!;
  assert.deepEqual(
    Object.keys(migrated).filter((k) => k === 'failedLogins' || k === 'lockedUntil'),
    [],
  );
  assert.equal(migrated.passwordHash, clerk.passwordHash);
  // From the counter terminal: the spray above slowed this account for new clients, and that
  // back-off (like the known terminals) now survives the restart.
  assert.equal((await loginFrom('127.0.0.1', CLERK.password)).status, 200);
});

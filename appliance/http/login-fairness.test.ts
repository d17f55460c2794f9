/**
 * The login hashing queue under a spread attack, through HTTP: wrong passwords from 150 addresses
 * of the hall's LAN (each within its own allowance, each for a name of its own so no account
 * allowance stops them before hashing) keep the hashing queue full, and the clerk at a counter
 * terminal that has logged in before still gets in at once; so does a clerk logging in for the first
 * time on a new terminal (a login naming an existing account has a lane of its own).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clientAddress, requestFrom } from '../../test/support/from-address.ts';
import { CLERK, startTestAppliance, type TestAppliance } from './test-appliance.ts';

const ATTACKERS = 150;
const COUNTER_TERMINAL = '127.0.0.1';
/** An address no one has logged in from, and no attacker uses. */
const NEW_TERMINAL = '127.0.9.9';

let t: TestAppliance;
before(async () => {
  t = await startTestAppliance();
});
after(() => t.close());

const loginFrom = (address: string, username: string, password: string) =>
  requestFrom(address, `${t.running.url}/api/session`, { method: 'POST', body: { username, password } });

/** Runs a bounded spread attack (each attacker at most 10 tries), and the clerk's login once the shared places are full. */
async function clerkLoginUnderAttack(from: string) {
  let attacking = true;
  const statuses = new Map<number, number>();
  let firstBusy: () => void = () => {};
  const queueFull = new Promise<void>((resolve) => {
    firstBusy = resolve;
  });
  const attacker = async (n: number, lane: number) => {
    for (let i = 0; attacking && i < 10; i++) {
      // A refused connection on a loaded test machine is the attacker's loss, not what is tested here.
      const r = await loginFrom(clientAddress(n), `guess-${n}-${lane}-${i}`, `wrong-${i}-password`).catch(
        () => null,
      );
      if (!r) continue;
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (r.status === 503) {
        assert.equal(r.json.error.code, 'auth.busy');
        firstBusy();
      }
    }
  };
  const attack = Promise.all(
    Array.from({ length: ATTACKERS * 3 }, (_, i) => attacker(i % ATTACKERS, Math.floor(i / ATTACKERS))),
  );
  let attackEnded = false;
  const attackOver = attack.then(() => {
    attackEnded = true;
    return 'over' as const;
  });
  // The queue is full now (one more login from anyone new would be refused as busy), unless the attack ran out first.
  const first = await Promise.race([queueFull.then(() => 'full' as const), attackOver]);
  assert.equal(
    first,
    'full',
    `the attack ended without ever filling the queue: ${JSON.stringify([...statuses])}`,
  );
  const clerk = await loginFrom(from, CLERK.username, CLERK.password);
  const attackWasOn = !attackEnded;
  attacking = false;
  await attack;
  assert.equal(clerk.status, 200, `the clerk got ${clerk.status} ${JSON.stringify(clerk.json)}`);
  assert.ok(attackWasOn, 'the attack was still going when the clerk got the answer');
  assert.ok((statuses.get(401) ?? 0) > 0, 'wrong passwords were checked');
  assert.ok((statuses.get(503) ?? 0) > 0, 'and the shared places filled up');
}

test('wrong passwords from 150 clients fill the hashing queue, and the clerk at a counter terminal still logs in', {
  timeout: 120_000,
}, async () => {
  assert.equal((await loginFrom(COUNTER_TERMINAL, CLERK.username, CLERK.password)).status, 200);
  await clerkLoginUnderAttack(COUNTER_TERMINAL);
});

test('during the same attack a clerk logging in for the first time on a new terminal gets in too', {
  timeout: 120_000,
}, async () => {
  await clerkLoginUnderAttack(NEW_TERMINAL);
});

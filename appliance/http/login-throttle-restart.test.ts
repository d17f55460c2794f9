/**
 * The login throttle across restarts of a real `shequ start`: a guesser who has spent its
 * allowance is still throttled after the appliance is killed (SIGKILL, once the throttle has been
 * saved) and started again; a damaged throttle file is set aside and the appliance starts.
 */
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { clientAddress, requestFrom } from '../../test/support/from-address.ts';
import { type ShequProcess, spawnShequ } from '../../test/support/shequ-process.ts';

let dir: string;
let config: string;
let shequ: ShequProcess | null = null;
let base = '';

const data = () => join(dir, 'data');
const throttleFile = () => join(data(), 'login-throttle.json');

async function start(): Promise<void> {
  shequ = spawnShequ(['start', '--config', config, '--data', data()]);
  const line = await shequ.waitForOutput(/serving (http:\/\/127\.0\.0\.1:\d+)\//, 60_000);
  base = /http:\/\/127\.0\.0\.1:\d+/.exec(line)![0];
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shequ-throttle-'));
  config = join(dir, 'shequ.json');
  writeFileSync(
    config,
    JSON.stringify({
      ...simulationConfig(),
      http: { host: '127.0.0.1', port: 0 },
      hardware: {},
      broker: null,
    }),
  );
  await start();
});

after(async () => {
  await shequ?.signal('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${data()}-keys`, { recursive: true, force: true });
});

const adminPassword = () => readFileSync(join(data(), 'initial-admin-password'), 'utf8').trim();
const loginFrom = (address: string, password: string) =>
  requestFrom(address, `${base}/api/session`, { method: 'POST', body: { username: 'admin', password } });

async function waitFor(check: () => boolean, ms = 15_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

test('a guesser that spent its allowance is still throttled after the appliance is killed and started again', {
  timeout: 180_000,
}, async () => {
  const guesser = clientAddress(7);
  for (let i = 0; i < 10; i++) assert.equal((await loginFrom(guesser, `wrong-guess-${i}`)).status, 401);
  assert.equal((await loginFrom(guesser, 'wrong-guess-10')).status, 429);
  // Saved within a second (one fsync a second at most); then the power goes.
  assert.ok(
    await waitFor(() => existsSync(throttleFile()) && readFileSync(throttleFile(), 'utf8').includes(guesser)),
  );
  await shequ!.signal('SIGKILL');
  await start();

  const again = await loginFrom(guesser, adminPassword());
  assert.equal(again.status, 429, `after the restart the guesser got ${again.status}`);
  assert.equal(again.json.error.code, 'auth.throttled');
  // Anyone else logs in as before.
  assert.equal((await loginFrom('127.0.0.1', adminPassword())).status, 200);
});

test('a damaged throttle file is set aside and the appliance starts with an empty throttle', {
  timeout: 180_000,
}, async () => {
  await shequ!.signal('SIGKILL');
  writeFileSync(throttleFile(), '{"version":1,"perClient":[["ip:127.0.1.8",0,');
  await start();
  assert.ok(readdirSync(data()).some((f) => f.startsWith('login-throttle.json.damaged-')));
  assert.equal((await loginFrom(clientAddress(7), adminPassword())).status, 200);
});

test('a throttle file that cannot be read is set aside with a warning and the appliance starts', {
  timeout: 180_000,
}, async () => {
  await shequ!.signal('SIGKILL');
  for (const f of readdirSync(data()))
    if (f.startsWith('login-throttle.json')) rmSync(join(data(), f), { recursive: true });
  // A directory where the file should be: reading it fails (EISDIR), as EACCES or EIO would.
  mkdirSync(throttleFile());
  await start();
  // Before, the read error was rethrown and `shequ start` exited: start() would have failed.
  assert.ok(readdirSync(data()).some((f) => f.startsWith('login-throttle.json.damaged-')));
  assert.equal((await loginFrom(clientAddress(7), adminPassword())).status, 200);
});

test('files set aside after damage go at start once they are older than the retention period; newer ones stay', {
  timeout: 180_000,
}, async () => {
  await shequ!.signal('SIGKILL');
  const day = 86_400_000;
  const old = Date.now() - 181 * day; // the retention period is 180 days
  const recent = Date.now() - 179 * day;
  const planted = {
    oldThrottle: `login-throttle.json.damaged-${old}`,
    oldAcks: `outbox-acks.json.corrupt-${old}`,
    newThrottle: `login-throttle.json.damaged-${recent}`,
  };
  for (const name of Object.values(planted)) writeFileSync(join(data(), name), '{"torn":');
  await start();
  assert.ok(
    await waitFor(
      () => !existsSync(join(data(), planted.oldThrottle)) && !existsSync(join(data(), planted.oldAcks)),
    ),
    'the old set-aside files were purged at start',
  );
  assert.ok(existsSync(join(data(), planted.newThrottle)), 'a set-aside file within the period stays');
  assert.equal((await loginFrom('127.0.0.1', adminPassword())).status, 200);
});

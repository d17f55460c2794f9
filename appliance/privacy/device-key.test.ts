/**
 * The device key lives apart from the data: a data directory copied alone opens nothing, and
 * starting it with another key, or none, is refused in one line. A key an older version left in the
 * data directory is moved out at start, with a warning. Started the way an installer does
 * (`shequ start --config`), on generated test identities.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ApplianceConfig } from '../../contract/config/schema.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import type { RunningAppliance } from '../assemble.ts';
import { run } from '../cli/start.ts';
import { startConfigured } from '../cli/start-configured.ts';
import { personRef } from '../core/people.ts';
import { defaultKeyFile, legacyKeyPath } from './device-key.ts';

const root = mkdtempSync(join(tmpdir(), 'shequ-device-key-'));
after(() => rmSync(root, { recursive: true, force: true }));

// Generated identity (check digit valid), never a real person's.
const PERSON = { name: '钥匙测试', number: '11010519491231002X', address: '测试市测试路9号' };

function configFile(name: string, extra: Partial<ApplianceConfig> = {}): string {
  const file = join(root, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({ ...simulationConfig({ http: { host: '127.0.0.1', port: 0 } }), ...extra }),
  );
  return file;
}

async function startWith(file: string, dataDir: string) {
  const running = await startConfigured({ configFile: file, dataDir, log: () => {} });
  const log = running.appliance.log.recent().filter((e) => e.level === 'warn' && e.source === 'privacy');
  return { running, log: log.map((e) => e.message) };
}

/** A ticket whose holder is sealed under the device key, as a card at the reader leaves one. */
async function sealedTicket(running: RunningAppliance): Promise<string> {
  const { appliance } = running;
  const t = await appliance.queue.issue({
    serviceId: 'social-security',
    priority: false,
    holder: personRef(appliance.vault, PERSON),
  });
  return t.id;
}

async function cli(args: string[], env: Record<string, string> = {}) {
  let err = '';
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await run(args, { out: () => {}, err: (t) => (err += t) });
    return { code, err };
  } finally {
    for (const k of Object.keys(env)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

test('a data directory copied alone opens nothing, and starting it without its key is one line, exit 1', async () => {
  const file = configFile('plain');
  const dataDir = join(root, 'kiosk');
  const first = await startWith(file, dataDir);
  const ticketId = await sealedTicket(first.running);
  await first.running.close();
  const keyFile = defaultKeyFile(dataDir);
  assert.equal(statSync(keyFile).mode & 0o777, 0o400, 'the key file beside the data is 0400');
  assert.ok(!existsSync(legacyKeyPath(dataDir)), 'nothing of the key is in the data directory');
  assert.ok(first.log.some((l) => l.startsWith('created a new device key at ')));

  const copy = join(root, 'stolen');
  cpSync(dataDir, copy, { recursive: true });
  const key = readFileSync(keyFile, 'utf8').trim();
  for (const f of filesUnder(copy)) {
    const bytes = readFileSync(f);
    for (const secret of [PERSON.name, PERSON.number, PERSON.address, key]) {
      assert.equal(bytes.includes(Buffer.from(secret)), false, `${f} holds a secret in the clear`);
    }
  }

  const noKey = await cli(['--config', file, '--data', copy]);
  assert.equal(noKey.code, 1);
  assert.match(
    noKey.err,
    /^shequ start: this data directory was sealed with a device key, and there is none at key file .*stolen-keys\/device\.key: give the key it was sealed with/,
  );
  assert.equal(noKey.err.trim().split('\n').length, 1);
  assert.ok(!existsSync(defaultKeyFile(copy)), 'no new key was made for the copy');

  const other = randomBytes(32).toString('base64');
  const wrongKey = await cli(
    ['--config', configFile('env', { deviceKey: { source: 'env' } }), '--data', copy],
    {
      SHEQU_DEVICE_KEY: other,
    },
  );
  assert.equal(wrongKey.code, 1);
  assert.match(
    wrongKey.err,
    /^shequ start: the environment variable SHEQU_DEVICE_KEY does not open this data directory \(copied from another appliance, or the wrong key\)/,
  );
  assert.equal(wrongKey.err.trim().split('\n').length, 1);

  // With its own key (here from the environment) the copy opens, and the sealed holder with it.
  process.env.SHEQU_DEVICE_KEY = key;
  try {
    const again = await startWith(configFile('env-right', { deviceKey: { source: 'env' } }), copy);
    const holder = again.running.appliance.store.get('ticket', ticketId)?.holder;
    assert.equal(again.running.appliance.vault.open(holder!.sealed).number, PERSON.number);
    await again.running.close();
  } finally {
    delete process.env.SHEQU_DEVICE_KEY;
  }
});

test('a key an older version kept in the data directory is moved out at start, with a warning', async () => {
  const dataDir = join(root, 'legacy');
  const target = join(root, 'separate', 'device.key');
  const file = configFile('legacy', { deviceKey: { source: 'file', path: target } });
  const first = await startWith(file, dataDir);
  const ticketId = await sealedTicket(first.running);
  await first.running.close();
  // What an older version left: the key in DATA/keys/device.key, no check value yet.
  mkdirSync(join(dataDir, 'keys'), { recursive: true });
  writeFileSync(legacyKeyPath(dataDir), readFileSync(target));
  rmSync(target);
  rmSync(join(dataDir, 'keys', 'device-key.check'));

  const moved = await startWith(file, dataDir);
  assert.ok(moved.log.includes(`moved the device key out of the data directory to ${target} (mode 0400)`));
  assert.ok(!existsSync(legacyKeyPath(dataDir)));
  assert.equal(statSync(target).mode & 0o777, 0o400);
  const holder = moved.running.appliance.store.get('ticket', ticketId)?.holder;
  assert.equal(moved.running.appliance.vault.open(holder!.sealed).name, PERSON.name, 'the data still opens');
  await moved.running.close();

  chmodSync(target, 0o644);
  const open = await cli(['--config', file, '--data', dataDir]);
  assert.equal(open.code, 1);
  assert.match(
    open.err,
    /^shequ start: the key file .*device\.key is open to others \(mode 0644\): chmod 0400 /,
  );
  chmodSync(target, 0o400);

  const inside = await cli([
    '--config',
    configFile('inside', { deviceKey: { source: 'file', path: join(dataDir, 'k.key') } }),
    '--data',
    dataDir,
  ]);
  assert.match(
    inside.err,
    /^shequ start: the key file .*k\.key is inside the data directory: keep it on another path\n$/,
  );
});

test('a systemd credential (what LoadCredentialEncrypted= hands over, TPM-bound) is taken when systemd passes one', async () => {
  const credentials = join(root, 'credentials');
  mkdirSync(credentials, { mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(join(credentials, 'shequ-device-key'), key, { mode: 0o400 });
  const dataDir = join(root, 'systemd');
  process.env.CREDENTIALS_DIRECTORY = credentials;
  try {
    const started = await startWith(configFile('systemd'), dataDir);
    await started.running.close();
  } finally {
    delete process.env.CREDENTIALS_DIRECTORY;
  }
  assert.ok(!existsSync(defaultKeyFile(dataDir)), 'no key file was made: the credential is the key');
  const missing = await cli([
    '--config',
    configFile('systemd-named', { deviceKey: { source: 'systemd-credential' } }),
    '--data',
    dataDir,
  ]);
  assert.equal(missing.code, 1);
  assert.match(
    missing.err,
    /^shequ start: no systemd credential shequ-device-key \(\$CREDENTIALS_DIRECTORY is not set\)/,
  );
});

import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import type { CliIo } from '../../platform/cli/index.ts';
import { run as provision } from '../../provisioning/cli/provision.ts';
import { run as reset } from '../../provisioning/cli/reset.ts';
import { identityPaths, readKioskIdentity } from '../../provisioning/identity/kiosk-identity.ts';
import { startTlsBroker, type TlsBroker } from '../../test/support/tls-broker.ts';
import { run as configCli } from '../config-push/cli.ts';
import { loadPair, pkiPaths, serviceTls } from './central-pki.ts';
import { run as caCli } from './cli-ca.ts';
import { run as enrollCli } from './cli-enroll.ts';
import { type EnrolService, startEnrolService } from './enrol-service.ts';

type Command = (args: string[], io: CliIo) => Promise<number>;

/** Runs a command module in-process with its output captured. */
async function capture(
  command: Command,
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await command(args, {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  });
  return { code, out, err };
}

describe('enrolment and config commands (ca init, enroll claim|list|approve, provision, config push, reset)', () => {
  let central: string;
  let kiosk: string;
  let broker: TlsBroker;
  let service: EnrolService;

  before(async () => {
    central = await mkdtemp(join(tmpdir(), 'shequ-cli-central-'));
    kiosk = await mkdtemp(join(tmpdir(), 'shequ-cli-kiosk-'));
  });

  after(async () => {
    await service?.close();
    await broker?.stop();
    await rm(central, { recursive: true, force: true });
    await rm(kiosk, { recursive: true, force: true });
  });

  it('creates the CA once and refuses to replace it', async () => {
    const first = await capture(caCli, [
      'init',
      '--data',
      central,
      '--batch',
      'b1',
      '--broker-host',
      '127.0.0.1',
    ]);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /config signing key: {2}[0-9a-f]{16}/);
    const again = await capture(caCli, ['init', '--data', central]);
    assert.equal(again.code, 1);
    assert.match(again.err, /refusing to replace/);
    broker = await startTlsBroker(central);
    service = await startEnrolService({
      brokerUrl: broker.serviceUrl,
      tls: await serviceTls(central, 'svc-enroll'),
      dataDir: central,
      ca: await loadPair(pkiPaths(central).deviceCa),
      kioskBrokerUrl: broker.kioskUrl,
    });
  });

  it('issues a claim code, enrols with it through `shequ provision`, and lists the kiosk', async () => {
    const claim = await capture(enrollCli, ['claim', '--site', 'xingfu', '--ttl', '1h', '--data', central]);
    assert.equal(claim.code, 0, claim.err);
    const code = claim.out.trim();
    assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const args = [
      '--claim',
      code,
      '--broker',
      broker.provisioningUrl,
      '--serial',
      'SN-CLI-0001',
      '--data',
      kiosk,
    ];
    const bootstrap = ['--bootstrap', pkiPaths(central).bootstrapDir('b1')];
    const enrolled = await capture(provision, [...args, ...bootstrap]);
    assert.equal(enrolled.code, 0, enrolled.err);
    assert.match(enrolled.out, /enrolled as kiosk xingfu-001 \(site xingfu\)/);
    assert.equal(readKioskIdentity(kiosk).kioskId, 'xingfu-001');
    // The site goes into the certificate (OU), where the broker reads it for the site's datasets.
    const cert = new X509Certificate(await readFile(identityPaths(kiosk).cert, 'utf8'));
    assert.match(cert.subject, /OU=xingfu/);
    assert.equal((await capture(enrollCli, ['sites', '--data', central])).out, 'xingfu-001 xingfu\n');
    const again = await capture(provision, [...args, ...bootstrap]);
    assert.equal(again.code, 1);
    assert.match(again.err, /already enrolled/);
    const list = await capture(enrollCli, ['list', '--data', central]);
    assert.match(list.out, /xingfu-001 {2}site xingfu {2}serial SN-CLI-0001/);
    assert.match(list.out, /Open claim codes: 0/);
  });

  it('refuses bad input with usage errors and a missing approval with its reason', async () => {
    assert.equal((await capture(enrollCli, ['claim', '--site', 'Bad Site', '--data', central])).code, 2);
    assert.equal(
      (await capture(enrollCli, ['claim', '--site', 'ok-site', '--ttl', 'soon', '--data', central])).code,
      1,
    );
    const approve = await capture(enrollCli, ['approve', 'SN-NOBODY', '--data', central]);
    assert.equal(approve.code, 1);
    assert.match(approve.err, /no enrolment request from serial SN-NOBODY/);
    assert.equal((await capture(provision, ['--claim', 'X'])).code, 2);
  });

  it('pushes signed configuration with `shequ fleet config push` and refuses an invalid one', async () => {
    const good = join(central, 'good.json');
    const bad = join(central, 'bad.json');
    await writeFile(good, JSON.stringify(simulationConfig()));
    await writeFile(bad, JSON.stringify({ ...simulationConfig(), counters: [] }));
    const base = ['push', '--kiosk', 'xingfu-001', '--broker', broker.serviceUrl, '--data', central];
    const pushed = await capture(configCli, [...base, '--config', good]);
    assert.equal(pushed.code, 0, pushed.err);
    assert.match(pushed.out, /version 1 .*v1\/kiosks\/xingfu-001\/config\/desired/s);
    const refused = await capture(configCli, [...base, '--config', bad]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /\/counters/);
    const stale = await capture(configCli, [...base, '--config', good, '--version', '1']);
    assert.equal(stale.code, 1);
    assert.match(stale.err, /not above 1/);
  });

  it('`shequ reset --factory` removes the identity so the kiosk must enrol again', async () => {
    const result = await capture(reset, ['--factory', '--data', kiosk]);
    assert.equal(result.code, 0);
    assert.match(result.out, /erased identity \(identity and keys/);
    assert.throws(() => readKioskIdentity(kiosk), /not enrolled/);
  });
});

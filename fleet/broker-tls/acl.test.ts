import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MqttClient } from 'mqtt';
import { provTopics } from '../../contract/provisioning.ts';
import { recordMessages } from '../../test/support/mqtt.ts';
import { startTlsBroker, type TlsBroker } from '../../test/support/tls-broker.ts';
import {
  connectionRefused,
  connectTls,
  NOT_AUTHORIZED,
  publishCode,
  type TlsIdentity,
} from '../../test/support/tls-clients.ts';
import {
  BOOTSTRAP_CN,
  initCentralPki,
  issueBootstrapBatch,
  loadPair,
  pkiPaths,
  serviceTls,
} from '../enroll/central-pki.ts';
import { createCa, issueWithNewKey } from '../enroll/pki.ts';

const HOUR = 3_600_000;

describe('TLS broker ACL (shipped mosquitto-tls.conf + acl, real mosquitto)', () => {
  let central: string;
  let broker: TlsBroker;
  let deviceCaPem: string;
  const clients: MqttClient[] = [];
  const ids: Record<string, TlsIdentity> = {};

  async function kioskIdentity(
    cn: string,
    notBefore: Date,
    notAfter: Date,
    caDir = pkiPaths(central).deviceCa,
  ) {
    const pair = await issueWithNewKey(await loadPair(caDir), { cn, usage: 'client', notBefore, notAfter });
    return { ca: deviceCaPem, cert: pair.certPem, key: pair.keyPem };
  }

  async function open(url: string, id: TlsIdentity, clientId?: string): Promise<MqttClient> {
    const c = await connectTls(url, id, clientId ? { clientId } : {});
    clients.push(c);
    return c;
  }

  before(async () => {
    central = await mkdtemp(join(tmpdir(), 'shequ-acl-'));
    await initCentralPki(central, { batch: 'b2026a', brokerHosts: ['127.0.0.1', 'localhost'] });
    deviceCaPem = await readFile(pkiPaths(central).deviceCa.certPem, 'utf8');
    const now = Date.now();
    ids.a = await kioskIdentity('K-A-001', new Date(now - HOUR), new Date(now + HOUR));
    ids.b = await kioskIdentity('K-B-002', new Date(now - HOUR), new Date(now + HOUR));
    ids.expired = await kioskIdentity('K-OLD-003', new Date(now - 48 * HOUR), new Date(now - 24 * HOUR));
    const rogueCa = await createCa('Rogue CA', new Date(now - HOUR));
    const rogue = await issueWithNewKey(rogueCa, {
      cn: 'K-B-002',
      usage: 'client',
      notBefore: new Date(now - HOUR),
      notAfter: new Date(now + HOUR),
    });
    ids.unknown = { ca: deviceCaPem, cert: rogue.certPem, key: rogue.keyPem };
    const boot = pkiPaths(central).bootstrapDir('b2026a');
    ids.bootstrap = {
      ca: deviceCaPem,
      cert: await readFile(join(boot, 'bootstrap.pem'), 'utf8'),
      key: await readFile(join(boot, 'bootstrap.key'), 'utf8'),
    };
    ids.console = await serviceTls(central, 'svc-console');
    ids.enroll = await serviceTls(central, 'svc-enroll');
    ids.config = await serviceTls(central, 'svc-config');
    broker = await startTlsBroker(central);
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => {})));
    await broker?.stop();
    await rm(central, { recursive: true, force: true });
  });

  it('lets a kiosk publish on its own topics and a central service see it', async () => {
    const watcher = await open(broker.serviceUrl, ids.console!);
    const seen = recordMessages(watcher);
    await watcher.subscribeAsync('v1/kiosks/#', { qos: 1 });
    const a = await open(broker.kioskUrl, ids.a!);
    for (const topic of ['tx', 'status', 'telemetry', 'events/paper', 'config/reported', 'cmd/res']) {
      assert.equal(await publishCode(a, `v1/kiosks/K-A-001/${topic}`, '{}'), 0, topic);
    }
    await seen.waitFor((m) => m.topic === 'v1/kiosks/K-A-001/cmd/res', 3000, 'own cmd/res');
    const aGot = recordMessages(a);
    await a.subscribeAsync(['v1/kiosks/K-A-001/ack', 'v1/kiosks/K-A-001/cmd/#', 'v1/fleet/ingest/state'], {
      qos: 1,
    });
    const ingest = await open(broker.serviceUrl, await serviceTls(central, 'svc-ingest'));
    assert.equal(await publishCode(ingest, 'v1/kiosks/K-A-001/ack', '{"acks":[]}'), 0);
    assert.equal(await publishCode(ingest, 'v1/fleet/ingest/state', '{"state":"online"}'), 0);
    await aGot.waitFor((m) => m.topic === 'v1/kiosks/K-A-001/ack', 3000, 'own ack');
    await aGot.waitFor((m) => m.topic === 'v1/fleet/ingest/state', 3000, 'ingest state');
  });

  it('keeps kiosk A out of kiosk B’s topics, both ways', async () => {
    const watcher = await open(broker.serviceUrl, ids.console!);
    const seen = recordMessages(watcher);
    await watcher.subscribeAsync('v1/kiosks/K-B-002/#', { qos: 1 });
    const a = await open(broker.kioskUrl, ids.a!);
    const aGot = recordMessages(a);
    // mosquitto 2.0 grants every SUBSCRIBE and applies read access per message at delivery, so
    // what counts is that nothing of B's reaches A (checked below against a control subscriber).
    for (const topic of ['v1/kiosks/K-B-002/#', 'v1/kiosks/+/tx', 'v1/kiosks/#', '#']) {
      await a.subscribeAsync(topic, { qos: 1 });
    }
    const b = await open(broker.kioskUrl, ids.b!);
    const bGot = recordMessages(b);
    await b.subscribeAsync(['v1/kiosks/K-B-002/cmd/#', 'v1/kiosks/K-B-002/config/desired'], { qos: 1 });
    const config = await open(broker.serviceUrl, ids.config!);
    assert.equal(await publishCode(b, 'v1/kiosks/K-B-002/tx', '{"secret":"b-tx"}'), 0);
    assert.equal(await publishCode(watcher, 'v1/kiosks/K-B-002/cmd/reboot', '{"secret":"b-cmd"}'), 0);
    assert.equal(await publishCode(config, 'v1/kiosks/K-B-002/config/desired', '{"secret":"b-cfg"}'), 0);
    await bGot.waitFor((m) => m.topic === 'v1/kiosks/K-B-002/cmd/reboot', 3000, 'B’s own command (control)');
    await bGot.waitFor((m) => m.topic === 'v1/kiosks/K-B-002/config/desired', 3000, 'B’s desired (control)');
    await seen.waitFor((m) => m.topic === 'v1/kiosks/K-B-002/tx', 3000, 'B’s tx at central (control)');
    for (const topic of ['tx', 'status', 'ack', 'config/reported', 'cmd/res']) {
      assert.equal(
        await publishCode(a, `v1/kiosks/K-B-002/${topic}`, '{"forged":true}'),
        NOT_AUTHORIZED,
        topic,
      );
    }
    // Asking for B's client ID still gives A's certified identity (use_username_as_clientid).
    const spoof = await open(broker.kioskUrl, ids.a!, 'K-B-002');
    assert.equal(await publishCode(spoof, 'v1/kiosks/K-B-002/tx', '{"forged":true}'), NOT_AUTHORIZED);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(
      aGot.all.map((m) => m.topic),
      [],
      'kiosk A received nothing of kiosk B',
    );
    assert.equal(seen.all.filter((m) => m.payload.toString().includes('forged')).length, 0);
  });

  it('never lets a kiosk publish desired configuration or commands, even its own', async () => {
    const a = await open(broker.kioskUrl, ids.a!);
    assert.equal(await publishCode(a, 'v1/kiosks/K-A-001/config/desired', '{}'), NOT_AUTHORIZED);
    assert.equal(await publishCode(a, 'v1/kiosks/K-A-001/cmd/reboot', '{}'), NOT_AUTHORIZED);
    assert.equal(await publishCode(a, 'v1/kiosks/K-A-001/ack', '{}'), NOT_AUTHORIZED);
    assert.equal(await publishCode(a, 'v1/fleet/ingest/state', '{}'), NOT_AUTHORIZED);
    assert.equal(await publishCode(a, 'v1/prov/SN-0001/res', '{}'), NOT_AUTHORIZED);
    const config = await open(broker.serviceUrl, ids.config!);
    assert.equal(await publishCode(config, 'v1/kiosks/K-A-001/config/desired', '{}'), 0);
  });

  it('lets only the kiosks whose certificate names the site (OU, from enrolment) read its datasets', async () => {
    const now = Date.now();
    const issue = async (cn: string, ou: string) => {
      const pair = await issueWithNewKey(await loadPair(pkiPaths(central).deviceCa), {
        cn,
        ou,
        usage: 'client',
        notBefore: new Date(now - HOUR),
        notAfter: new Date(now + HOUR),
      });
      return { ca: deviceCaPem, cert: pair.certPem, key: pair.keyPem };
    };
    const share = await open(broker.serviceUrl, await serviceTls(central, 'svc-share'));
    const head = 'v1/sites/xingfu/share/catalogue/head';
    await share.publishAsync(head, '{"site":"xingfu"}', { qos: 1, retain: true });
    const ofSite = await open(broker.kioskUrl, await issue('xingfu-001', 'xingfu'));
    const got = recordMessages(ofSite);
    await ofSite.subscribeAsync('v1/sites/xingfu/share/+/head', { qos: 1 });
    await got.waitFor((m) => m.topic === head, 3000, 'the site’s retained head');
    // Kiosk A's certificate has no OU, kiosk B's names another site: both are refused.
    for (const outsider of [ids.a!, await issue('heping-001', 'heping')]) {
      const c = await open(broker.kioskUrl, outsider);
      const seen = recordMessages(c);
      const code = await c.subscribeAsync(head, { qos: 1 }).then(
        (g) => g[0]?.qos,
        (err: { packet?: { granted?: number[] } }) => err.packet?.granted?.[0],
      );
      assert.equal(code, NOT_AUTHORIZED);
      await c.subscribeAsync('#', { qos: 1 });
      assert.equal(await publishCode(c, head, '{"forged":true}'), NOT_AUTHORIZED);
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(
        seen.all.filter((m) => m.topic.startsWith('v1/sites/')).map((m) => m.topic),
        [],
      );
    }
  });

  const attempt = () => provTopics.clientId(randomBytes(16).toString('hex'));
  const refusedCode = (err: Error) => (err as { code?: unknown }).code;

  it('gives no site to a bootstrap certificate, though its batch (OU) is spelled like a site', async () => {
    const batch = await issueBootstrapBatch(central, 'xingfu');
    const batchNamedLikeSite = {
      ca: deviceCaPem,
      cert: await readFile(join(batch, 'bootstrap.pem'), 'utf8'),
      key: await readFile(join(batch, 'bootstrap.key'), 'utf8'),
    };
    const share = await open(broker.serviceUrl, await serviceTls(central, 'svc-share'));
    const head = 'v1/sites/xingfu/share/catalogue/head';
    await share.publishAsync(head, '{"site":"xingfu"}', { qos: 1, retain: true });
    const boot = await open(broker.provisioningUrl, batchNamedLikeSite, attempt());
    const seen = recordMessages(boot);
    for (const filter of [head, 'v1/sites/xingfu/share/#']) {
      const code = await boot.subscribeAsync(filter, { qos: 1 }).then(
        (g) => g[0]?.qos,
        (err: { packet?: { granted?: number[] } }) => err.packet?.granted?.[0],
      );
      assert.equal(code, NOT_AUTHORIZED, filter);
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(
      seen.all.map((m) => m.topic),
      [],
    );
  });

  it('confines the bootstrap identity to its own provisioning topics', async () => {
    const enroll = await open(broker.serviceUrl, ids.enroll!);
    const requests = recordMessages(enroll);
    await enroll.subscribeAsync(provTopics.allRequests, { qos: 1 });
    const me = attempt();
    const boot = await open(broker.provisioningUrl, ids.bootstrap!, me);
    const bootGot = recordMessages(boot);
    await boot.subscribeAsync(
      [provTopics.response(me, 'SN-0001'), 'v1/kiosks/#', 'v1/fleet/#', provTopics.allRequests],
      { qos: 1 },
    );
    assert.equal(await publishCode(boot, provTopics.request(me, 'SN-0001'), '{"hello":1}'), 0);
    await requests.waitFor(
      (m) => m.topic === provTopics.request(me, 'SN-0001'),
      3000,
      'provisioning request',
    );
    assert.equal(await publishCode(enroll, provTopics.response(me, 'SN-0001'), '{"reply":1}'), 0);
    await bootGot.waitFor((m) => m.topic === provTopics.response(me, 'SN-0001'), 3000, 'provisioning reply');
    const a = await open(broker.kioskUrl, ids.a!);
    assert.equal(await publishCode(a, 'v1/kiosks/K-A-001/status', '{"state":"online"}'), 0);
    const ingest = await open(broker.serviceUrl, await serviceTls(central, 'svc-ingest'));
    assert.equal(await publishCode(ingest, 'v1/fleet/ingest/state', '{"state":"online"}'), 0);
    for (const topic of [
      `v1/kiosks/${BOOTSTRAP_CN}/tx`,
      'v1/kiosks/K-A-001/tx',
      provTopics.response(me, 'SN-0001'),
      'v1/prov/SN-0001/req',
      'v1/fleet/ingest/state',
    ]) {
      assert.equal(await publishCode(boot, topic, '{}'), NOT_AUTHORIZED, topic);
    }
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(
      bootGot.all.map((m) => m.topic),
      [provTopics.response(me, 'SN-0001')],
      'only its provisioning reply: not its own request, no kiosk or fleet topic',
    );
  });

  it('keeps one enrolment attempt out of another’s, though both hold the same bootstrap certificate', async () => {
    const enroll = await open(broker.serviceUrl, ids.enroll!);
    const requests = recordMessages(enroll);
    await enroll.subscribeAsync(provTopics.allRequests, { qos: 1 });
    const victimId = attempt();
    const victim = await open(broker.provisioningUrl, ids.bootstrap!, victimId);
    const victimGot = recordMessages(victim);
    await victim.subscribeAsync(provTopics.response(victimId, 'SN-VICTIM-1'), { qos: 1 });
    const attackerId = attempt();
    const attacker = await open(broker.provisioningUrl, ids.bootstrap!, attackerId);
    const stolen = recordMessages(attacker);
    // Everything an attacker could think of subscribing to, the victim's exact reply topic included.
    for (const filter of [
      '#',
      'v1/prov/#',
      provTopics.response(victimId, 'SN-VICTIM-1'),
      'v1/prov/prov-bootstrap/+/+/res',
      'v1/prov/prov-bootstrap/+/SN-VICTIM-1/res',
      '$SYS/#',
    ]) {
      await attacker.subscribeAsync(filter, { qos: 1 });
    }
    // It cannot publish a request in the victim's name, nor answer the victim in central's name.
    assert.equal(
      await publishCode(attacker, provTopics.request(victimId, 'SN-VICTIM-1'), '{"forged":true}'),
      NOT_AUTHORIZED,
    );
    assert.equal(
      await publishCode(attacker, provTopics.response(victimId, 'SN-VICTIM-1'), '{"forged":true}'),
      NOT_AUTHORIZED,
    );
    // Under its own client ID it may ask about any serial: the claim code decides at central.
    assert.equal(await publishCode(attacker, provTopics.request(attackerId, 'SN-VICTIM-1'), '{}'), 0);
    assert.equal(await publishCode(victim, provTopics.request(victimId, 'SN-VICTIM-1'), '{"real":1}'), 0);
    await requests.waitFor(
      (m) => m.topic === provTopics.request(victimId, 'SN-VICTIM-1'),
      3000,
      'victim req',
    );
    assert.equal(await publishCode(enroll, provTopics.response(victimId, 'SN-VICTIM-1'), '{"cert":1}'), 0);
    await victimGot.waitFor((m) => m.payload.toString() === '{"cert":1}', 3000, 'the victim’s reply');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(
      stolen.all.map((m) => m.topic),
      [],
      'the attacker read nothing of the victim',
    );
    assert.equal(requests.all.filter((m) => m.payload.toString().includes('forged')).length, 0);
    // Nor can it connect under a client ID that is not its own identity's.
    for (const clientId of ['prov-SN-VICTIM-1', 'svc-enroll', 'prov-bootstrap.a/b', `${victimId}x/`]) {
      const refused = await connectionRefused(broker.provisioningUrl, ids.bootstrap!, { clientId });
      assert.equal(refusedCode(refused), NOT_AUTHORIZED, clientId);
    }
    assert.ok(victim.connected, 'the victim kept its connection');
  });

  it('does not let a bootstrap certificate disconnect a live kiosk by claiming its client ID', async () => {
    const a = await open(broker.kioskUrl, ids.a!);
    let dropped = false;
    a.on('close', () => {
      dropped = true;
    });
    const refused = await connectionRefused(broker.provisioningUrl, ids.bootstrap!, { clientId: 'K-A-001' });
    assert.equal(refusedCode(refused), NOT_AUTHORIZED, 'CONNACK: not authorised');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(dropped, false, 'the kiosk is still connected');
    assert.equal(await publishCode(a, 'v1/kiosks/K-A-001/status', '{"state":"online"}'), 0);
  });

  it('does not let a service identity take over a kiosk’s or another service’s client ID', async () => {
    const a = await open(broker.kioskUrl, ids.a!);
    let dropped = false;
    a.on('close', () => {
      dropped = true;
    });
    const ingest = await serviceTls(central, 'svc-ingest');
    for (const [id, clientId] of [
      [ids.console!, 'K-A-001'],
      [ingest, 'K-A-001'],
      [ids.enroll!, 'K-A-001'],
      [ids.console!, 'svc-ingest.w1'],
      [ids.console!, 'K-A-001.svc-console'],
      [ids.console!, 'svc-console-w1'],
    ] as const) {
      const refused = await connectionRefused(broker.serviceUrl, id, { clientId });
      assert.equal(refusedCode(refused), NOT_AUTHORIZED, clientId);
    }
    // A username that is not the certificate's identity is refused too.
    const spoofed = await connectionRefused(broker.serviceUrl, ids.console!, {
      clientId: 'svc-ingest.w1',
      username: 'svc-ingest',
    });
    assert.equal(refusedCode(spoofed), NOT_AUTHORIZED);
    const own = await open(broker.serviceUrl, ids.console!, 'svc-console');
    assert.equal(await publishCode(own, 'v1/kiosks/K-A-001/cmd/reboot', '{}'), 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(dropped, false, 'the kiosk is still connected');
    assert.equal(await publishCode(a, 'v1/kiosks/K-A-001/status', '{"state":"online"}'), 0);
  });

  it('keeps a central service inside its grants (no kiosk tree under its own name)', async () => {
    const enroll = await open(broker.serviceUrl, ids.enroll!);
    assert.equal(await publishCode(enroll, 'v1/kiosks/svc-enroll/tx', '{}'), NOT_AUTHORIZED);
    assert.equal(await publishCode(enroll, 'v1/kiosks/K-A-001/config/desired', '{}'), NOT_AUTHORIZED);
  });

  it('refuses an expired certificate, one from an unknown CA, and each CA’s certificates on the other listeners', async () => {
    assert.ok(await connectionRefused(broker.kioskUrl, ids.expired!));
    assert.ok(await connectionRefused(broker.kioskUrl, ids.unknown!));
    assert.ok(await connectionRefused(broker.kioskUrl, ids.bootstrap!));
    assert.ok(await connectionRefused(broker.provisioningUrl, ids.a!, { clientId: 'prov-x' }));
    assert.ok(await connectionRefused(broker.serviceUrl, ids.a!, { clientId: 'K-B-002' }));
    assert.ok(await connectionRefused(broker.kioskUrl, ids.console!));
  });

  it('lets several workers share one service certificate on the service listener', async () => {
    const ingest = await serviceTls(central, 'svc-ingest');
    const w1 = await open(broker.serviceUrl, ingest, 'svc-ingest.w1');
    const w2 = await open(broker.serviceUrl, ingest, 'svc-ingest.w2');
    let dropped = false;
    w1.on('close', () => {
      dropped = true;
    });
    const got = recordMessages(w2);
    await w2.subscribeAsync('v1/kiosks/+/tx', { qos: 1 });
    const a = await open(broker.kioskUrl, ids.a!);
    assert.equal(await publishCode(a, 'v1/kiosks/K-A-001/tx', '{"n":1}'), 0);
    await got.waitFor((m) => m.topic === 'v1/kiosks/K-A-001/tx', 3000, 'tx at the second worker');
    assert.equal(dropped, false, 'the first worker is still connected');
    assert.equal(await publishCode(w1, 'v1/kiosks/K-A-001/ack', '{"acks":[]}'), 0);
    assert.equal(await publishCode(w1, 'v1/kiosks/K-A-001/config/desired', '{}'), NOT_AUTHORIZED);
  });
});

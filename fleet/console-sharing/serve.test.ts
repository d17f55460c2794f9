/**
 * `shequ central serve --share-broker URL --fleet-data DIR`: the hub runs inside the district's
 * console process; a catalogue change made through its HTTP API reaches a kiosk's MQTT session,
 * signed with the key the kiosks pinned. A missing key directory is one line, exit 2.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { type DatasetDelta, shareTopics } from '../../contract/sharing.ts';
import { sharingApi } from '../../contract/sharing-api.ts';
import { generateSigningKey } from '../../platform/bundle-signature.ts';
import { sharedSignatureProblem } from '../../platform/share-signing.ts';
import { removeDirSync } from '../../test/support/cleanup.ts';
import { consoleLogin } from '../../test/support/console-http.ts';
import { type FleetBroker, startFleetBroker } from '../../test/support/fleet-broker.ts';
import { connectClient, json, recordMessages } from '../../test/support/mqtt.ts';
import { spawnShequ } from '../../test/support/shequ-process.ts';
import { pkiPaths } from '../enroll/central-pki.ts';

let dir: string;
let broker: FleetBroker;
const key = generateSigningKey();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shequ-share-serve-'));
  const signingFile = pkiPaths(join(dir, 'fleet')).signingKey;
  mkdirSync(dirname(signingFile), { recursive: true });
  writeFileSync(signingFile, JSON.stringify(key.signing), { mode: 0o600 });
  broker = await startFleetBroker(['site-q-001', 'svc-share']);
});

after(async () => {
  await broker?.close();
  removeDirSync(dir);
});

test('the console process shares a catalogue change down, signed with the pinned key', async () => {
  const kiosk = await connectClient(broker.urlFor('site-q-001'), { clientId: 'site-q-001' });
  const inbox = recordMessages(kiosk);
  await kiosk.subscribeAsync(shareTopics.kioskFilters('site-q-001'), { qos: 1 });
  const p = spawnShequ([
    ...['central', 'serve', '--data', join(dir, 'db'), '--port', '0', '--demo-accounts'],
    ...['--share-broker', broker.urlFor('svc-share'), '--fleet-data', join(dir, 'fleet'), '--district', 'NS'],
  ]);
  try {
    const ready = await p.waitForOutput(/central console READY (http:\/\/\S+) share=(\S+)/);
    const [, url, shown] = /READY (http:\/\/\S+) share=(\S+)/.exec(ready)!;
    assert.doesNotMatch(shown!, new RegExp(broker.password), 'the broker password is not printed');
    const op = await consoleLogin(url!, 'yunwei', 'demo-yunwei-1');
    const res = await op.post<{ versions: Array<{ version: number }> }>(sharingApi.catalogue, {
      scope: 'district',
      scopeId: 'NS',
      put: [
        {
          itemId: 'retire',
          name: '退休申请',
          department: '区人社局',
          lifeEvents: ['retirement'],
          legalLimitDays: 30,
          promisedLimitDays: 15,
          materials: ['居民身份证'],
          guide: '',
          forms: [],
        },
      ],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const m = await inbox.waitFor(
      (r) => r.topic === shareTopics.districtDelta('catalogue'),
      10_000,
      'the delta',
    );
    const delta = json(m) as DatasetDelta;
    assert.equal(delta.version, res.body.versions[0]!.version);
    assert.equal(sharedSignatureProblem(delta, [key.trusted]), undefined);
  } finally {
    await p.signal('SIGTERM');
    await kiosk.endAsync();
  }
});

test('--share-broker without --fleet-data is one line, exit 2', async () => {
  const p = spawnShequ([
    'central',
    'serve',
    '--data',
    join(dir, 'db2'),
    '--port',
    '0',
    '--share-broker',
    broker.urlFor('svc-share'),
  ]);
  assert.equal(await p.exited, 2, p.output());
  assert.match(p.output(), /--share-broker needs --fleet-data/);
  assert.doesNotMatch(p.output(), /\n\s+at /, 'no stack trace');
});

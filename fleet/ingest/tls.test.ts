import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { connectClient } from '../../test/support/mqtt.ts';
import { freePort } from '../../test/support/net.ts';
import { spawnShequ } from '../../test/support/shequ-process.ts';
import { startTestKiosk } from '../../test/support/test-kiosk.ts';
import { makeTestPki, type TestPki } from '../../test/support/tls-pki.ts';
import { connectConsole } from '../console/connect.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { IngestConnectError, startIngest } from './worker.ts';

describe('central services on a mutual-TLS listener', () => {
  let pki: TestPki;
  let broker: MosquittoBroker;
  let tlsUrl: string;
  let db: CentralDb;

  before(async () => {
    pki = makeTestPki();
    const tlsPort = await freePort();
    tlsUrl = `mqtts://127.0.0.1:${tlsPort}`;
    broker = await startMosquitto({
      extraConfig: [
        `listener ${tlsPort} 127.0.0.1`,
        `cafile ${pki.caFile}`,
        `certfile ${pki.serverCertFile}`,
        `keyfile ${pki.serverKeyFile}`,
        'require_certificate true',
      ].join('\n'),
    });
    db = await openCentralDb();
  });
  after(async () => {
    await db.close();
    await broker.stop();
    pki.remove();
  });

  test('ingest connects with its certificate and acks a kiosk on the plain listener', async () => {
    const id = pki.client('svc-ingest');
    const worker = await startIngest({ brokerUrl: tlsUrl, db, workerId: 'tls-1', tls: id });
    const kiosk = await startTestKiosk(broker.url, 'K0701');
    try {
      await kiosk.send(3);
      await kiosk.waitAllAcked(10_000);
      assert.equal(worker.stored, 3);
    } finally {
      await kiosk.close();
      await worker.close();
    }
  });

  test('without a client certificate the TLS listener refuses ingest and the console', async () => {
    await assert.rejects(
      startIngest({ brokerUrl: tlsUrl, db, workerId: 'tls-none', connectTimeoutMs: 1500 }),
      (err: unknown) => err instanceof IngestConnectError,
    );
    await assert.rejects(connectConsole({ url: tlsUrl }), /cannot reach the broker/);
    // Trusting the broker is not enough: the listener wants a client certificate.
    await assert.rejects(
      connectClient(tlsUrl, { ca: pki.client('svc-nocert').ca, rejectUnauthorized: true }),
    );
    const consoleId = pki.client('svc-console');
    const ok = await connectConsole({ url: tlsUrl, protocolVersion: 5, tls: consoleId });
    await ok.endAsync();
  });

  test('shequ ingest takes --ca/--cert/--key, and refuses only some of them', async () => {
    const id = pki.client('svc-ingest-cli');
    const ingest = spawnShequ([
      'ingest',
      '--broker',
      tlsUrl,
      '--worker',
      'tls-cli',
      '--ca',
      pki.caFile,
      '--cert',
      id.certFile,
      '--key',
      id.keyFile,
    ]);
    await ingest.waitForOutput(/tls-cli READY/);
    assert.equal(await ingest.signal('SIGTERM'), 0, ingest.output());
    const half = spawnShequ(['ingest', '--broker', tlsUrl, '--ca', pki.caFile]);
    assert.equal(await half.exited, 1);
    assert.match(half.output(), /needs all of --ca, --cert and --key/);
  });
});

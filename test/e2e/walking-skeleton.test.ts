/**
 * One thin path through every layer, against real parts: a mosquitto broker, Debian's Chromium,
 * a socat pty carrying GA 467 frames, ESC/POS bytes over TCP, PGlite at central.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import mqtt from 'mqtt';
import type { Browser } from 'playwright-core';
import { pairBrowserPage } from '../../appliance/http/test-appliance.ts';
import type { AckPayload, TxEnvelope } from '../../contract/mqtt.ts';
import { type Simulation, startSimulation } from '../../demo/simulation.ts';
import { loadSimCard } from '../../drivers/idcard/index.ts';
import type { DecodedJob } from '../../drivers/printer/index.ts';
import { openCentralDb, queryTransactions, startIngest } from '../../fleet/index.ts';
import { buildUi } from '../../kiosk-ui/build.ts';
import { type MosquittoBroker, startMosquitto } from '../support/mosquitto.ts';
import { launchChromium } from './browser.ts';
import { waitFor } from './wait.ts';

const KIOSK = 'K-SIM-0001';
let dir: string;
let broker: MosquittoBroker;
let sim: Simulation;
let browser: Browser;
const onWire: { tx: TxEnvelope[]; acks: AckPayload[] } = { tx: [], acks: [] };
let spy: mqtt.MqttClient;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shequ-e2e-'));
  broker = await startMosquitto();
  const uiDist = join(dir, 'ui');
  await buildUi(uiDist);
  spy = await mqtt.connectAsync(broker.url, { clientId: 'e2e-spy' });
  await spy.subscribeAsync([`v1/kiosks/${KIOSK}/tx`, `v1/kiosks/${KIOSK}/ack`], { qos: 1 });
  spy.on('message', (topic, payload) => {
    const json = JSON.parse(payload.toString());
    if (topic.endsWith('/tx')) onWire.tx.push(json);
    else onWire.acks.push(json);
  });
  sim = await startSimulation({
    dataDir: join(dir, 'sim'),
    httpPort: 0,
    broker: { url: broker.url, protocolVersion: 5 },
    embeddedIngest: false,
    uiDistDir: uiDist,
    agent: { ackTimeoutMs: 1_000 },
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await sim?.close();
  await spy?.endAsync();
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Every ticket committed so far, read straight from the store's segment files on disk. */
function ticketsOnDisk(): Array<{ id: string; number: string }> {
  const logDir = join(dir, 'sim', 'appliance', 'log');
  const out: Array<{ id: string; number: string }> = [];
  for (const name of readdirSync(logDir).filter((n) => /^seg-\d+\.json$/.test(n))) {
    const segment = JSON.parse(readFileSync(join(logDir, name), 'utf8')) as {
      commits: Array<{ puts: Array<{ kind: string; id: string; number: string }> }>;
    };
    for (const c of segment.commits) for (const p of c.puts) if (p.kind === 'ticket') out.push(p);
  }
  return out;
}

test('card → kiosk → durable ticket → printed → central ack → admin call → board', async () => {
  const { url } = sim.running;
  const board = await browser.newPage();
  await board.goto(`${url}/board/`);
  const kiosk = await browser.newPage();
  await pairBrowserPage(kiosk, url, sim.running.dataDir, 'kiosk');
  await kiosk.goto(`${url}/kiosk/`);

  // 1–2. A card on the simulated reader reaches the kiosk screen through the serial driver, masked.
  const card = loadSimCard('resident-zhang');
  sim.reader.place(card);
  const greeting = kiosk.getByTestId('card-name');
  await greeting.waitFor({ timeout: 10_000 });
  const shown = (await greeting.textContent()) ?? '';
  const holder = sim.running.appliance.cardView();
  assert.ok(holder, 'the appliance holds the card that was read');
  assert.ok(shown.includes(holder.maskedName), `kiosk greets with the masked name (${holder.maskedName})`);
  assert.ok(holder.maskedName.includes('*'));
  assert.ok(card.name && !shown.includes(card.name), 'the full name is never on screen');
  assert.ok(await kiosk.getByRole('button', { name: '社保卡办理' }).isVisible(), 'services are offered');

  // 3–4. Taking a ticket: the record is on disk before the printer sees a byte.
  let onDiskWhenPrinted: Array<{ id: string; number: string }> | null = null;
  const printed = new Promise<DecodedJob>((resolve) => {
    sim.printer.once('job', (job: DecodedJob) => {
      onDiskWhenPrinted = ticketsOnDisk();
      resolve(job);
    });
  });
  const spyTxBefore = onWire.tx.length;
  await kiosk.getByRole('button', { name: '社保卡办理' }).click();
  const number = await kiosk.getByTestId('ticket-number').textContent({ timeout: 10_000 });
  assert.equal(number?.trim(), 'A001');
  const job = await printed;
  assert.ok(job.text.includes('A001'), 'the printed ticket carries its number');
  assert.ok(job.text.includes('社保卡办理'), 'the printed ticket names the service in Chinese');
  assert.equal(job.cuts, 1);
  assert.ok(
    onDiskWhenPrinted!.some((t) => t.number === 'A001'),
    'the ticket record was durable before anything was printed',
  );

  // 5. The outbox publishes the transaction; with no central ingest running, nothing acks it and it
  //    stays in the outbox even though the broker took it (PUBACK) — and it is resent.
  const appliance = sim.running.appliance;
  const tx = await waitFor('the ticket transaction on v1/kiosks/K-SIM-0001/tx', () =>
    onWire.tx.slice(spyTxBefore).find((t) => t.type === 'ticket.issued' && t.body.number === 'A001'),
  );
  assert.equal(tx.kiosk, KIOSK);
  assert.ok(tx.seq >= 1);
  assert.ok(!JSON.stringify(tx).includes(card.number), 'no ID number in the transaction');
  await waitFor(
    'a resend with the same txId',
    () => onWire.tx.filter((t) => t.txId === tx.txId).length >= 2,
    5_000,
  );
  assert.ok(appliance.outbox.has(tx.txId), 'not delivered on PUBACK alone');

  const centralDb = await openCentralDb();
  const ingest = await startIngest({
    brokerUrl: broker.url,
    db: centralDb,
    workerId: 'e2e',
    protocolVersion: 5,
  });
  try {
    await waitFor('central ack for the ticket', () =>
      onWire.acks.find((a) => a.acks.some((x) => x.txId === tx.txId && x.r === 'ok')),
    );
    await waitFor('the outbox to mark it delivered', () => !appliance.outbox.has(tx.txId));
    const stored = await queryTransactions(centralDb, KIOSK);
    assert.equal(stored.filter((s) => s.txId === tx.txId).length, 1, 'stored at central exactly once');

    // 6. The clerk sees the ticket waiting, calls it, and the board shows the call.
    const admin = await browser.newPage();
    await admin.goto(`${url}/admin/`);
    await admin.getByLabel('用户名').fill('clerk');
    await admin.getByLabel('密码').fill('shequ-demo');
    await admin.getByRole('button', { name: '登录' }).click();
    const row = admin.getByTestId('queue-row').filter({ hasText: 'A001' });
    await row.waitFor({ timeout: 10_000 });
    assert.ok((await row.textContent())?.includes('社保卡办理'));
    await admin.getByTestId('counter-select').selectOption('w1');
    await admin.getByTestId('call-next').click();
    await admin.getByTestId('current-ticket').filter({ hasText: 'A001' }).waitFor({ timeout: 10_000 });
    const call = board.getByTestId('current-call');
    await call.filter({ hasText: 'A001' }).waitFor({ timeout: 10_000 });
    assert.equal((await call.textContent())?.replace(/\s+/g, ' ').trim(), '请 A001 号到 1 号窗口');
    const boardText = (await board.textContent('body')) ?? '';
    assert.ok(!boardText.includes(holder.maskedName), 'the board shows no names at all');

    await waitFor('the call transaction acked at central', async () =>
      (await queryTransactions(centralDb, KIOSK)).some((t) => t.type === 'ticket.called'),
    );
  } finally {
    await ingest.close();
    await centralDb.close();
  }
});

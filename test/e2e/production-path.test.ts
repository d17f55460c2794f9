/**
 * The production path, as an installer runs it: `shequ start --config FILE` as a child process,
 * against devices at the far end of real links — the GA 467 reader simulator on a socat pty, a
 * scanner in serial line mode on another pty, an ESC/POS printer on TCP — not the in-process
 * simulation. A resident takes a ticket with their card; the clerk accepts the application and
 * its receipt prints; the receipt's QR scanned on the scanner opens that case's progress over HTTP,
 * as the kiosk screen would.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pairScreenAt } from '../../appliance/http/test-appliance.ts';
import type { PublicState } from '../../contract/api.ts';
import { loadSimCard, type SimulatedReader, startSimulatedReader } from '../../drivers/idcard/index.ts';
import { type DecodedJob, startVirtualPrinter, type VirtualPrinter } from '../../drivers/printer/index.ts';
import { SimulatedScanner } from '../../drivers/scanner/index.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { type ShequProcess, spawnShequ } from '../support/shequ-process.ts';
import { waitFor } from './wait.ts';

let dir: string;
let reader: SimulatedReader;
let scanner: SimulatedScanner;
let printer: VirtualPrinter;
let shequ: ShequProcess;
let base: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shequ-production-'));
  reader = await startSimulatedReader();
  scanner = new SimulatedScanner();
  const scannerPath = await scanner.startSerial(9600);
  printer = await startVirtualPrinter({ port: 0, outDir: join(dir, 'printer') });
  const config = {
    ...simulationConfig(),
    kioskId: 'K-PROD-0001',
    http: { host: '127.0.0.1', port: 0 },
    hardware: {
      reader: { transport: 'serial', path: reader.devicePath, baudRate: 115200 },
      scanner: { transport: 'serial', path: scannerPath, baudRate: 9600 },
      printer: { uri: `tcp://127.0.0.1:${printer.port}`, profile: 'generic-80mm-zh' },
    },
  };
  const file = join(dir, 'shequ.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  shequ = spawnShequ(['start', '--config', file, '--data', join(dir, 'data')]);
  const line = await shequ.waitForOutput(/serving (http:\/\/127\.0\.0\.1:\d+)\/kiosk\//, 60_000);
  base = /http:\/\/127\.0\.0\.1:\d+/.exec(line)![0];
});

after(async () => {
  await shequ?.signal('SIGKILL');
  await scanner?.close();
  await reader?.close();
  await printer?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: the test reads whatever JSON the API answered
  return { status: res.status, json: (text ? JSON.parse(text) : null) as any, headers: res.headers };
}

// The paired kiosk screen: the one client that sees, and acts for, the card on the reader.
let kiosk: { cookie: string } | undefined;
const kioskScreen = async () => {
  kiosk ??= await pairScreenAt(base, join(dir, 'data'), 'kiosk');
  return kiosk;
};
const state = async () =>
  (await call('GET', '/api/state', undefined, await kioskScreen())).json as PublicState;

function nextJob(matching: (job: DecodedJob) => boolean): Promise<DecodedJob> {
  return new Promise((resolve) => {
    const onJob = (job: DecodedJob) => {
      if (!matching(job)) return;
      printer.off('job', onJob);
      resolve(job);
    };
    printer.on('job', onJob);
  });
}

test('card → ticket, case accepted with its receipt, receipt QR on the serial scanner opens its progress', async () => {
  await waitFor('reader, scanner and printer healthy over their links', async () => {
    const d = (await state()).devices;
    return d.reader.state === 'ok' && d.scanner.state === 'ok' && d.printer.state === 'ok';
  });
  assert.match((await state()).devices.scanner.detail ?? '', /serial scanner/);

  reader.place(loadSimCard('resident-li'));
  const card = await waitFor('the card read over the pty', async () => (await state()).card);
  assert.match(card.maskedName, /\*/);
  const ticketPrinted = nextJob((job) => job.text.includes('居住证办理'));
  const taken = await call(
    'POST',
    '/api/tickets',
    { serviceId: 'residence', withCard: true },
    await kioskScreen(),
  );
  assert.equal(taken.status, 201, JSON.stringify(taken.json));
  assert.equal(taken.json.printed, true);
  assert.ok((await ticketPrinted).text.includes(taken.json.ticket.number), 'the ticket prints over TCP');
  reader.remove();

  // The first start made the only account there is: the installer's admin.
  assert.match(shequ.output(), /first start: log in as 'admin' with the password in /);
  const password = readFileSync(join(dir, 'data', 'initial-admin-password'), 'utf8').trim();
  const login = await call('POST', '/api/session', { username: 'admin', password });
  assert.equal(login.status, 200);
  const h = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': login.json.csrfToken };
  const called = await call('POST', '/api/staff/counters/w3/call-next', undefined, h);
  assert.equal(called.json.ticket.number, taken.json.ticket.number);
  const receiptPrinted = nextJob((job) => job.text.includes('受理回执'));
  const accepted = await call(
    'POST',
    '/api/staff/cases',
    { ticketId: called.json.ticket.id, itemId: 'residence-permit', materials: ['居民身份证'] },
    h,
  );
  assert.equal(accepted.status, 201, JSON.stringify(accepted.json));
  const caseNumber = accepted.json.case.number as string;
  const qr = (await receiptPrinted).qrCodes.find((q) => q.startsWith('SQ1.R.'));
  assert.ok(qr, 'the receipt carries its signed progress code');

  await scanner.scanSerial(qr);
  const scan = await waitFor('the scan verdict', async () => {
    const s = (await state()).scan;
    return s?.verdict === 'receipt' ? s : undefined;
  });
  assert.equal(scan.receiptNo, caseNumber);
  assert.equal(JSON.stringify(scan).includes(qr), false, 'the screens never see the scanned text');
  // The kiosk screen asks for the case its scanner just verified the QR of; nobody else may.
  const stranger = await call('POST', '/api/cases/lookup', { receiptNo: scan.receiptNo, withCard: false });
  assert.equal(stranger.json.error.code, 'lookup.id-tail-needed');
  const progress = await call(
    'POST',
    '/api/cases/lookup',
    { receiptNo: scan.receiptNo, withCard: false },
    await kioskScreen(),
  );
  assert.equal(progress.status, 200);
  assert.equal(progress.json.cases[0].receiptNo, caseNumber);
  assert.equal(progress.json.cases[0].status, 'accepted');

  await scanner.scanSerial('HTTPS://EXAMPLE.COM/PAY');
  await waitFor('a foreign code verdict', async () => (await state()).scan?.verdict === 'foreign');

  assert.equal(await shequ.signal('SIGINT'), 0, shequ.output());
});

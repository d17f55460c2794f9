import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SerialPort } from 'serialport';
import { buildTicketJob } from '../documents/ticket.ts';
import { openPrinter } from '../open-printer.ts';
import { sampleTicket, waitFor } from '../test-support.ts';
import { decodeEscPos } from '../virtual/escpos-decoder.ts';
import { startVirtualPrinter } from '../virtual/virtual-printer.ts';
import { transportFactoryFor } from './uri.ts';

/** A virtual serial cable: two linked pseudo-terminals made by socat. */
async function ptyPair(dir: string): Promise<{ a: string; b: string; socat: ChildProcess }> {
  const a = join(dir, 'printer-host');
  const b = join(dir, 'printer-device');
  const socat = spawn('/usr/bin/socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
    stdio: 'ignore',
  });
  await waitFor(() => existsSync(a) && existsSync(b), 5000);
  return { a, b, socat };
}

test('URIs choose the transport; bad URIs are typed errors', () => {
  assert.equal(transportFactoryFor('tcp://10.0.0.5')().target, 'tcp://10.0.0.5:9100');
  assert.equal(transportFactoryFor('tcp://10.0.0.5:9101/')().target, 'tcp://10.0.0.5:9101');
  assert.equal(
    transportFactoryFor('serial:/dev/ttyUSB0?baud=115200')().target,
    'serial:/dev/ttyUSB0?baud=115200',
  );
  assert.equal(transportFactoryFor('serial:/dev/ttyUSB0')().twoWay, true);
  assert.equal(transportFactoryFor('file:/dev/usb/lp0')().twoWay, false);
  assert.equal(transportFactoryFor('file:/dev/usb/lp0?status=1')().twoWay, true);
  assert.equal(transportFactoryFor('usb:0416:5011')().target, 'usb:0416:5011');
  assert.equal(transportFactoryFor('usb:04B8:0202?serial=X1&status=1')().twoWay, true);
  for (const bad of [
    'lpt1',
    'tcp://host:70000',
    'serial:ttyUSB0',
    'serial:/dev/ttyS0?baud=fast',
    'usb:416:5011',
  ]) {
    assert.throws(() => transportFactoryFor(bad), { code: 'printer.invalid_uri' }, bad);
  }
});

test('serial: a ticket reaches a virtual printer on the far end of a socat pty pair, with DLE EOT status', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'shequ-serial-'));
  const { a, b, socat } = await ptyPair(dir);
  t.after(async () => {
    socat.kill('SIGTERM');
    if (socat.exitCode === null) await new Promise((r) => socat.once('exit', r));
    await rm(dir, { recursive: true, force: true });
  });
  const vp = await startVirtualPrinter();
  t.after(() => vp.close());
  const device = new SerialPort({ path: b, baudRate: 19200 });
  await new Promise<void>((resolve, reject) => device.once('open', resolve).once('error', reject));
  vp.attach(device);

  vp.setStatus({ paperNearEnd: true });
  const printer = openPrinter(`serial:${a}?baud=19200`, { pollIntervalMs: 50, statusTimeoutMs: 500 });
  t.after(() => printer.close());
  await printer.print('s-1', await buildTicketJob(sampleTicket));
  await waitFor(() => vp.jobs.length === 1);
  assert.match(vp.jobs[0]!.text, /社保卡办理/);
  assert.deepEqual(vp.jobs[0]!.qrCodes, [sampleTicket.qrPayload]);
  assert.equal(printer.health.state, 'warning');
  assert.match(printer.health.detail ?? '', /near end/);
});

test('serial: a missing device is disconnected, not a crash', async (t) => {
  const printer = openPrinter('serial:/dev/shequ-no-such-tty?baud=9600', { reconnectInitialMs: 50 });
  t.after(() => printer.close());
  await waitFor(() => printer.health.detail !== 'connecting');
  assert.equal(printer.health.state, 'disconnected');
  assert.match(printer.health.detail ?? '', /no-such-tty|No such file/);
});

test('device file: one-way printing writes the job bytes; health says status is unknown', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'shequ-lp-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'lp0');
  const printer = openPrinter(`file:${path}`);
  t.after(() => printer.close());
  const a = await buildTicketJob(sampleTicket);
  const b = await buildTicketJob({ ...sampleTicket, number: 'A002' });
  await printer.print('f-1', a);
  await printer.print('f-2', b);
  await printer.print('f-1', a);
  assert.equal(printer.health.state, 'ok');
  assert.match(printer.health.detail ?? '', /one-way/);
  const written = await readFile(path);
  assert.deepEqual(written, Buffer.concat([a, b]));
  assert.equal(decodeEscPos(written).cuts, 2);
});

test('device file: a directory that does not exist is disconnected', async (t) => {
  const printer = openPrinter('file:/nonexistent-shequ/lp0', { reconnectInitialMs: 50 });
  t.after(() => printer.close());
  await waitFor(() => printer.health.detail !== 'connecting');
  assert.equal(printer.health.state, 'disconnected');
  assert.match(printer.health.detail ?? '', /ENOENT/);
});

test('device file: a failing write keeps the job waiting and reports the link down', async (t) => {
  // /dev/full accepts open() and fails every write with ENOSPC, like a printer that went away.
  const printer = openPrinter('file:/dev/full', { reconnectInitialMs: 50, reconnectMaxMs: 100 });
  t.after(() => printer.close());
  let settled = false;
  const printing = printer.print('full-1', Buffer.from('x\n')).then(
    () => {
      settled = true;
    },
    () => {},
  );
  await waitFor(() => /ENOSPC/.test(printer.health.detail ?? ''));
  assert.equal(printer.health.state, 'disconnected');
  assert.deepEqual(printer.waitingJobs, ['full-1']);
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(settled, false, 'never reported as printed');
  await printer.close();
  await printing;
});

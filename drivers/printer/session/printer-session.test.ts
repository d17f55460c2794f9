import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { buildTicketJob } from '../documents/ticket.ts';
import { openPrinter } from '../open-printer.ts';
import { sampleTicket, waitFor } from '../test-support.ts';
import type { PrinterHealth } from '../types.ts';
import { startVirtualPrinter } from '../virtual/virtual-printer.ts';

const fast = { pollIntervalMs: 50, statusTimeoutMs: 300, reconnectInitialMs: 20, reconnectMaxMs: 100 };

async function waitForHealth(
  printer: { health: PrinterHealth; on(e: 'health', l: (h: PrinterHealth) => void): unknown },
  state: PrinterHealth['state'],
  timeoutMs = 3000,
): Promise<PrinterHealth> {
  if (printer.health.state === state) return printer.health;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`health never became ${state}`)), timeoutMs);
    printer.on('health', (h) => {
      if (h.state !== state) return;
      clearTimeout(timer);
      resolve(h);
    });
  });
}

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('a ticket printed over TCP reaches the virtual printer and decodes', async (t) => {
  const vp = await startVirtualPrinter();
  t.after(() => vp.close());
  const printer = openPrinter(`tcp://127.0.0.1:${vp.port}`, fast);
  t.after(() => printer.close());

  const received = once(vp, 'job');
  await printer.print('ticket-1', await buildTicketJob(sampleTicket));
  const [job] = await received;
  assert.equal(vp.jobs.length, 1);
  assert.match(job.text, /社保卡办理/);
  assert.match(job.text, /A001/);
  assert.deepEqual(job.qrCodes, [sampleTicket.qrPayload]);
  assert.equal(job.cuts, 1);
  assert.equal(job.raw.indexOf(Buffer.from([0x10, 0x04])), -1, 'status requests are not part of the job');
  assert.equal((await waitForHealth(printer, 'ok')).state, 'ok');
});

test('the same jobId is printed once; reprint prints it again', async (t) => {
  const vp = await startVirtualPrinter();
  t.after(() => vp.close());
  const printer = openPrinter(`tcp://127.0.0.1:${vp.port}`, fast);
  t.after(() => printer.close());
  const bytes = await buildTicketJob(sampleTicket);

  await Promise.all([printer.print('t-1', bytes), printer.print('t-1', bytes)]);
  await printer.print('t-1', bytes);
  await printer.print('t-2', await buildTicketJob({ ...sampleTicket, number: 'A002' }));
  await printer.reprint('t-1');
  await waitFor(() => vp.jobs.length === 3);
  assert.deepEqual(
    vp.jobs.map((j) => j.lines.find((l) => /^A00\d$/.test(l.text))?.text),
    ['A001', 'A002', 'A001'],
  );
  await assert.rejects(printer.reprint('never-printed'), { code: 'printer.unknown_job' });
});

test('an unreachable printer reports disconnected health', async (t) => {
  const port = await closedPort();
  const printer = openPrinter(`tcp://127.0.0.1:${port}`, fast);
  t.after(() => printer.close());
  const health = await waitForHealth(printer, 'disconnected');
  assert.equal(health.state, 'disconnected');
  await waitFor(() => /ECONNREFUSED/.test(printer.health.detail ?? ''));
  assert.match(printer.health.detail ?? '', /ECONNREFUSED/);
});

test('a job for an unreachable printer waits and prints once the printer appears', async (t) => {
  const port = await closedPort();
  const printer = openPrinter(`tcp://127.0.0.1:${port}`, fast);
  t.after(() => printer.close());
  let settled = false;
  const printing = printer.print('late-1', await buildTicketJob(sampleTicket)).then(() => {
    settled = true;
  });
  await waitFor(() => /1 job\(s\) waiting/.test(printer.health.detail ?? ''));
  assert.equal(settled, false);
  assert.deepEqual(printer.waitingJobs, ['late-1']);

  const vp = await startVirtualPrinter({ port });
  t.after(() => vp.close());
  await printing;
  await waitFor(() => vp.jobs.length === 1);
  assert.match(vp.jobs[0]!.text, /A001/);
  assert.deepEqual(printer.waitingJobs, []);
});

test('close rejects jobs still waiting with a typed error', async () => {
  const port = await closedPort();
  const printer = openPrinter(`tcp://127.0.0.1:${port}`, fast);
  const waiting = printer.print('w-1', Buffer.from('x\n'));
  await printer.close();
  await assert.rejects(waiting, { code: 'printer.closed' });
  await assert.rejects(printer.print('w-2', Buffer.from('y\n')), { code: 'printer.closed' });
});

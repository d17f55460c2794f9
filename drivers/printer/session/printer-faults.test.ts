import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTicketJob } from '../documents/ticket.ts';
import type { PrinterCondition } from '../escpos/status.ts';
import { openPrinter } from '../open-printer.ts';
import { sampleTicket, waitFor } from '../test-support.ts';
import { startVirtualPrinter } from '../virtual/virtual-printer.ts';

const fast = { pollIntervalMs: 40, statusTimeoutMs: 300, reconnectInitialMs: 20, reconnectMaxMs: 100 };

test('paper out: the job waits, health says why, and it prints once after paper is loaded', async (t) => {
  const vp = await startVirtualPrinter();
  t.after(() => vp.close());
  vp.setStatus({ paperOut: true });
  const printer = openPrinter(`tcp://127.0.0.1:${vp.port}`, fast);
  t.after(() => printer.close());
  const conditions: { condition: PrinterCondition; active: boolean }[] = [];
  printer.on('condition', (c) => conditions.push(c));

  await waitFor(() => printer.health.state === 'fault');
  assert.match(printer.health.detail ?? '', /paper out/);
  let printed = false;
  const printing = printer.print('p-1', await buildTicketJob(sampleTicket)).then(() => {
    printed = true;
  });
  await waitFor(() => /1 job\(s\) waiting/.test(printer.health.detail ?? ''));
  await new Promise((r) => setTimeout(r, 150)); // several polls while the fault lasts
  assert.equal(printed, false);
  assert.equal(vp.jobs.length, 0);
  assert.equal(vp.heldJobs, 0, 'the driver did not send the job into a faulted printer');

  vp.setStatus({ paperOut: false });
  await printing;
  await waitFor(() => vp.jobs.length === 1);
  await waitFor(() => printer.health.state === 'ok');
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(vp.jobs.length, 1, 'printed exactly once');
  assert.deepEqual(
    conditions.filter((c) => c.condition === 'paperOut'),
    [
      { condition: 'paperOut', active: true },
      { condition: 'paperOut', active: false },
    ],
  );
});

test('a fault reported right after a job: the printer holds it and the job is not sent twice', async (t) => {
  const vp = await startVirtualPrinter();
  t.after(() => vp.close());
  const printer = openPrinter(`tcp://127.0.0.1:${vp.port}`, fast);
  t.after(() => printer.close());
  await waitFor(() => printer.health.state === 'ok');

  // The paper runs out while this job prints: the virtual printer holds the rest of it.
  const bytes = await buildTicketJob(sampleTicket);
  vp.setStatusAfterNextJob({ paperOut: true });
  let printed = false;
  const printing = printer.print('c-1', bytes).then(() => {
    printed = true;
  });
  await waitFor(() => printer.health.state === 'fault');
  assert.match(printer.health.detail ?? '', /paper out/);
  assert.doesNotMatch(printer.health.detail ?? '', /offline/, 'offline is implied by paper out');
  await waitFor(() => vp.heldJobs === 1);
  assert.equal(printed, false);
  vp.setStatus({ paperOut: false });
  await printing;
  assert.equal(vp.jobs.length, 1);
  assert.equal(vp.heldJobs, 0);
});

test('paper near end is a warning and printing goes on', async (t) => {
  const vp = await startVirtualPrinter();
  t.after(() => vp.close());
  vp.setStatus({ paperNearEnd: true });
  const printer = openPrinter(`tcp://127.0.0.1:${vp.port}`, fast);
  t.after(() => printer.close());
  await printer.print('n-1', await buildTicketJob(sampleTicket));
  await waitFor(() => vp.jobs.length === 1);
  assert.equal(printer.health.state, 'warning');
  assert.match(printer.health.detail ?? '', /near end/);
  assert.equal(printer.status?.paperNearEnd, true);
  assert.equal(printer.status?.paperOut, false);
});

test('offline and cutter error are faults with their own detail', async (t) => {
  const vp = await startVirtualPrinter();
  t.after(() => vp.close());
  const printer = openPrinter(`tcp://127.0.0.1:${vp.port}`, fast);
  t.after(() => printer.close());
  await waitFor(() => printer.health.state === 'ok');
  vp.setStatus({ cutterError: true });
  await waitFor(() => printer.health.state === 'fault');
  assert.match(printer.health.detail ?? '', /cutter error/);
  assert.equal(printer.status?.cutterError, true);
  vp.setStatus({ cutterError: false, offline: true });
  await waitFor(() => /offline/.test(printer.health.detail ?? ''));
  assert.equal(printer.health.state, 'fault');
  vp.setStatus({ offline: false });
  await waitFor(() => printer.health.state === 'ok');
});

test('a printer that never answers DLE EOT still prints, with a warning', async (t) => {
  const { createServer } = await import('node:net');
  const received: Buffer[] = [];
  const server = createServer((socket) => socket.on('data', (c) => received.push(c)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const printer = openPrinter(`tcp://127.0.0.1:${port}`, { ...fast, statusTimeoutMs: 50 });
  t.after(async () => {
    await printer.close();
    await new Promise<void>((r) => server.close(() => r()));
  });
  await printer.print('m-1', Buffer.from('hello\n'));
  assert.equal(printer.health.state, 'warning');
  assert.match(printer.health.detail ?? '', /DLE EOT/);
  assert.ok(Buffer.concat(received).includes(Buffer.from('hello\n')));
});

test('the printer dropping the link mid-session: health disconnected, then ok after it returns', async (t) => {
  const vp = await startVirtualPrinter();
  const port = vp.port;
  const printer = openPrinter(`tcp://127.0.0.1:${port}`, fast);
  t.after(() => printer.close());
  await waitFor(() => printer.health.state === 'ok');
  await vp.close();
  await waitFor(() => printer.health.state === 'disconnected');
  const again = await startVirtualPrinter({ port });
  t.after(() => again.close());
  await printer.print('d-1', await buildTicketJob(sampleTicket));
  await waitFor(() => again.jobs.length === 1);
  assert.equal(printer.health.state, 'ok');
});

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildTicketJob } from '../documents/ticket.ts';
import { ALL_STATUS_REQUESTS } from '../escpos/commands.ts';
import { decodeStatus } from '../escpos/status.ts';
import { sampleTicket, waitFor } from '../test-support.ts';
import type { DecodedJob } from '../types.ts';
import { startVirtualPrinter } from './virtual-printer.ts';

async function send(port: number, bytes: Buffer, readBytes = 0): Promise<Buffer> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const chunks: Buffer[] = [];
  socket.on('data', (c) => chunks.push(c));
  socket.write(bytes);
  if (readBytes > 0) await waitFor(() => Buffer.concat(chunks).length >= readBytes);
  socket.end();
  await once(socket, 'close');
  return Buffer.concat(chunks);
}

test('answers DLE EOT 1..4 with the scripted state', async (t) => {
  const vp = await startVirtualPrinter();
  t.after(() => vp.close());
  const ok = await send(vp.port, ALL_STATUS_REQUESTS, 4);
  assert.deepEqual([...ok], [0x12, 0x12, 0x12, 0x12]);
  vp.setStatus({ paperOut: true, paperNearEnd: true });
  const out = await send(vp.port, ALL_STATUS_REQUESTS, 4);
  const status = decodeStatus([out[0]!, out[1]!, out[2]!, out[3]!]);
  assert.equal(status.paperOut, true);
  assert.equal(status.paperNearEnd, true);
  assert.equal(status.offline, true, 'a printer out of paper is offline');
  assert.equal(status.coverOpen, false);
  assert.equal(out[3], 0x7e);
});

test('writes raw bytes, a transcript and a PNG per job to the output folder', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'shequ-vp-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const vp = await startVirtualPrinter({ outDir: dir });
  t.after(() => vp.close());
  const ticket = await buildTicketJob(sampleTicket);
  const arrived = once(vp, 'job') as Promise<[DecodedJob]>;
  await send(vp.port, ticket);
  const [job] = await arrived;
  assert.equal(job.pngPath, join(dir, '0001.png'));
  const png = await readFile(job.pngPath);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(png.readUInt32BE(20) > 400, 'picture is tall enough for a ticket');
  assert.deepEqual(await readFile(join(dir, '0001.bin')), ticket);
  const text = await readFile(join(dir, '0001.txt'), 'utf8');
  assert.match(text, /社保卡办理/);
  assert.match(text, /\[QR\] https:\/\/q\.example\.cn\/t\/A001/);
});

test('two jobs on one connection are split at the cut', async (t) => {
  const vp = await startVirtualPrinter();
  t.after(() => vp.close());
  const a = await buildTicketJob(sampleTicket);
  const b = await buildTicketJob({ ...sampleTicket, number: 'B002' });
  await send(vp.port, Buffer.concat([a, b]));
  await waitFor(() => vp.jobs.length === 2);
  assert.deepEqual(
    vp.jobs.map((j) => [
      j.id,
      j.cuts,
      j.lines.some((l) => l.text === 'A001'),
      j.lines.some((l) => l.text === 'B002'),
    ]),
    [
      [1, 1, true, false],
      [2, 1, false, true],
    ],
  );
});

test('a job received while faulted is held and printed when the fault clears', async (t) => {
  const vp = await startVirtualPrinter();
  t.after(() => vp.close());
  vp.setStatus({ coverOpen: true });
  await send(vp.port, await buildTicketJob(sampleTicket));
  await waitFor(() => vp.heldJobs === 1);
  assert.equal(vp.jobs.length, 0);
  vp.setStatus({ paperNearEnd: true });
  assert.equal(vp.jobs.length, 0, 'near end does not clear the open cover');
  vp.setStatus({ coverOpen: false });
  assert.equal(vp.jobs.length, 1);
  assert.equal(vp.heldJobs, 0);
});

test('refuses a port that is already taken', async (t) => {
  const vp = await startVirtualPrinter();
  t.after(() => vp.close());
  await assert.rejects(startVirtualPrinter({ port: vp.port }), { code: 'EADDRINUSE' });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { shequBin } from '../../../test/support/shequ-process.ts';
import { buildTicketJob } from '../documents/ticket.ts';
import { openPrinter } from '../open-printer.ts';
import { sampleTicket, waitFor } from '../test-support.ts';
import { startVirtualPrinter } from '../virtual/virtual-printer.ts';
import { run as print } from './print.ts';
import { parseStates } from './sim.ts';

const root = new URL('../../../', import.meta.url).pathname;

async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

test('shequ print ticket and print test reach the printer', async (t) => {
  const vp = await startVirtualPrinter();
  t.after(() => vp.close());
  const uri = `tcp://127.0.0.1:${vp.port}`;
  assert.equal(await print(['ticket', '--printer', uri, '--service', '社保卡办理', '--number', 'A009']), 0);
  assert.equal(await print(['test', '--printer', uri, '--profile', 'epson-tm-t88']), 0);
  await waitFor(() => vp.jobs.length === 2);
  assert.match(vp.jobs[0]!.text, /社保卡办理/);
  assert.ok(vp.jobs[0]!.lines.some((l) => l.text === 'A009'));
  assert.match(vp.jobs[1]!.text, /TEST PAGE/);
  assert.match(vp.jobs[1]!.text, /512 dots, 42 columns/);
});

test('shequ print: usage errors exit 2, an unreachable printer exits 1', async () => {
  assert.equal(await print(['ticket', '--printer', 'tcp://127.0.0.1:9']), 2);
  assert.equal(await print(['label', '--printer', 'tcp://127.0.0.1:9']), 2);
  assert.equal(await print(['test']), 2);
  assert.equal(await print(['test', '--printer', 'lpt1']), 2);
  assert.equal(await print(['test', '--printer', 'tcp://127.0.0.1:9', '--profile', 'nope']), 2);
  const port = await closedPort();
  assert.equal(await print(['test', '--printer', `tcp://127.0.0.1:${port}`, '--timeout', '0.3']), 1);
});

test('sim state words parse, unknown words are rejected', () => {
  assert.deepEqual(parseStates('paper-out, near-end'), {
    paperNearEnd: true,
    paperOut: true,
    coverOpen: false,
    offline: false,
    cutterError: false,
  });
  assert.equal(parseStates('ok')?.paperOut, false);
  assert.equal(parseStates('jammed'), undefined);
});

test('shequ sim printer: prints transcripts, changes status from stdin, stops on SIGTERM', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'shequ-sim-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const child = spawn(
    process.execPath,
    [shequBin, 'sim', 'printer', '--port', '0', '--out', dir, '--width', '58mm'],
    {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (s: string) => {
    out += s;
  });
  await waitFor(() => /listening on tcp:\/\/127\.0\.0\.1:\d+/.test(out), 15_000);
  assert.match(out, /384 dots wide/, '--width 58mm is the 58 mm roll');
  const port = Number(/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);

  const printer = openPrinter(`tcp://127.0.0.1:${port}`, { pollIntervalMs: 50, statusTimeoutMs: 500 });
  t.after(() => printer.close());
  await printer.print('sim-1', await buildTicketJob(sampleTicket));
  await waitFor(() => /社保卡办理/.test(out) && /\[QR\]/.test(out), 5000);

  child.stdin.write('paper-out\n');
  await waitFor(() => printer.health.state === 'fault', 5000);
  assert.match(printer.health.detail ?? '', /paper out/);
  child.stdin.write('ok\n');
  await waitFor(() => printer.health.state === 'ok', 5000);

  await printer.close();
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
  assert.deepEqual((await readdir(dir)).sort(), ['0001.bin', '0001.layout.txt', '0001.png', '0001.txt']);
});

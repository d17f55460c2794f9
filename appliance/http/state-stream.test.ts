/**
 * The state stream under clients that never read, against a real `shequ start` child whose memory
 * is read from outside (/proc/PID/status): 300 raw sockets from 30 loopback addresses open the
 * stream and stop reading while the queue changes; a normal reader keeps getting updates.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { clientAddress, requestFrom } from '../../test/support/from-address.ts';
import { type ShequProcess, spawnShequ } from '../../test/support/shequ-process.ts';

const ADDRESSES = 30;
const PER_ADDRESS = 10;
const STALL_SECONDS = 60;

let dir: string;
let shequ: ShequProcess;
let base: string;
let port: number;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shequ-stream-'));
  const generous = { burst: 10_000, perMinute: 10_000 };
  const config = {
    ...simulationConfig(),
    http: { host: '127.0.0.1', port: 0 },
    hardware: {},
    broker: null,
    limits: {
      cardless: { perScreen: generous, perService: generous, serviceDailyShare: 1, unpairedDailyShare: 1 },
      stream: {
        maxClients: ADDRESSES * PER_ADDRESS + 1,
        maxPerClient: PER_ADDRESS,
        stallSeconds: STALL_SECONDS,
      },
    },
  };
  const file = join(dir, 'shequ.json');
  writeFileSync(file, JSON.stringify(config));
  shequ = spawnShequ(['start', '--config', file, '--data', join(dir, 'data')]);
  const line = await shequ.waitForOutput(/serving (http:\/\/127\.0\.0\.1:\d+)\//, 60_000);
  base = /http:\/\/127\.0\.0\.1:\d+/.exec(line)![0];
  port = Number(new URL(base).port);
});

after(async () => {
  await shequ?.signal('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const rssMb = () => {
  const status = readFileSync(`/proc/${shequ.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
};

const takeTicket = async (i: number) => {
  const serviceId = ['social-security', 'elderly-care', 'consult'][i % 3];
  const r = await requestFrom('127.0.0.1', `${base}/api/tickets`, {
    method: 'POST',
    body: { serviceId, withCard: false },
  });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return String(r.json.ticket.number);
};

/** A client that asks for the stream, takes the response head, and then never reads again. */
function nonReader(localAddress: string): Promise<{ socket: Socket; status: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    socket.once('error', reject);
    socket.once('connect', () =>
      socket.write(
        `GET /api/events HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\naccept: text/event-stream\r\n\r\n`,
      ),
    );
    socket.once('data', (chunk: Buffer) => {
      socket.pause(); // from here on the kernel buffers fill and the appliance must not
      resolve({ socket, status: Number(/^HTTP\/1\.1 (\d+)/.exec(chunk.toString('latin1'))?.[1] ?? 0) });
    });
  });
}

/** A screen that reads the stream and remembers the last state it got. */
function reader() {
  const controller = new AbortController();
  let last = '';
  let updates = 0;
  const done = (async () => {
    const res = await fetch(`${base}/api/events`, { signal: controller.signal });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(event)?.[1];
        if (event.startsWith('event: state') && data) {
          last = data;
          updates++;
        }
        end = buffer.indexOf('\n\n');
      }
    }
  })().catch(() => {});
  return { last: () => last, updates: () => updates, close: () => controller.abort(), done };
}

test('300 clients that stop reading cost under 50 MB and leave nothing behind, the stream is capped, and a reading screen still gets the latest state', {
  timeout: 120_000,
}, async (t) => {
  for (let i = 0; i < 30; i++) await takeTicket(i); // a morning's board, and the code warm
  const screen = reader();
  const rssBefore = rssMb();

  const clients = await Promise.all(
    Array.from({ length: ADDRESSES * PER_ADDRESS }, (_, i) => nonReader(clientAddress(i % ADDRESSES))),
  );
  assert.deepEqual(new Set(clients.map((c) => c.status)), new Set([200]));
  // The caps: one more from an address that has its ten is a 429, one more from anyone else a 503.
  const perClient = await requestFrom(clientAddress(0), `${base}/api/events`);
  assert.equal(perClient.status, 429);
  assert.equal(perClient.json.error.code, 'stream.client-full');
  const full = await requestFrom(clientAddress(ADDRESSES), `${base}/api/events`);
  assert.equal(full.status, 503);
  assert.equal(full.json.error.code, 'stream.full');
  assert.ok(Number(full.headers['retry-after']) >= 1);

  let peak = rssMb();
  let lastNumber = '';
  for (let i = 0; i < 300; i++) {
    lastNumber = await takeTicket(i);
    if (i % 10 === 0) peak = Math.max(peak, rssMb());
  }
  peak = Math.max(peak, rssMb());
  assert.ok(
    peak - rssBefore < 50,
    `RSS grew by ${(peak - rssBefore).toFixed(1)} MB (${rssBefore.toFixed(0)} → ${peak.toFixed(0)} MB)`,
  );

  // The reading screen has the latest state: the waiting counts after the last ticket.
  const latest = await requestFrom('127.0.0.1', `${base}/api/state`);
  const waiting = JSON.stringify(latest.json.waitingByService);
  const seen = () =>
    JSON.stringify((JSON.parse(screen.last() || '{}') as { waitingByService?: unknown }).waitingByService);
  const deadline = Date.now() + 10_000;
  while (seen() !== waiting && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(seen(), waiting, `the reader saw the state after ${lastNumber}`);
  assert.ok(screen.updates() > 1);

  // When the clients go, nothing stays: every address and the whole cap are free again.
  for (const c of clients) c.socket.destroy();
  const freeAgain = await waitFor(async () => {
    const probes = await Promise.all(Array.from({ length: PER_ADDRESS }, () => nonReader(clientAddress(1))));
    for (const p of probes) p.socket.destroy();
    return probes.every((p) => p.status === 200);
  });
  assert.ok(freeAgain, 'an address that had its ten streams can open ten again');
  const newcomer = await nonReader(clientAddress(ADDRESSES + 1));
  newcomer.socket.destroy();
  assert.equal(newcomer.status, 200, 'the total cap is free again');
  const rssAfter = rssMb();
  t.diagnostic(
    `RSS ${rssBefore.toFixed(1)} MB before, ${peak.toFixed(1)} MB at most with 300 non-readers, ${rssAfter.toFixed(1)} MB after they went`,
  );
  assert.ok(rssAfter - rssBefore < 50);
  screen.close();
  await screen.done;
});

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

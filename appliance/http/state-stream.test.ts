/**
 * The state stream under clients that never read, against a real `shequ start` child whose memory
 * is read from outside (/proc/PID/status): 300 raw sockets from 30 loopback addresses open the
 * stream and stop reading while the queue changes. The kernel would take 4 MB from each before the
 * appliance noticed anything, so the test lowers `connectionBytes` and changes the queue until each
 * connection has carried that much: the appliance must then close every one of them itself (the
 * staff count falls, each socket sees its end), while a reading screen reconnects and keeps the
 * latest state.
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
/** Long enough that only the byte budget can drop a client here. */
const STALL_SECONDS = 600;
const CONNECTION_BYTES = 16 * 1024;

let dir: string;
let shequ: ShequProcess;
let base: string;
let port: number;
let staffCookie: string;

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
        connectionBytes: CONNECTION_BYTES,
      },
    },
  };
  const file = join(dir, 'shequ.json');
  writeFileSync(file, JSON.stringify(config));
  shequ = spawnShequ(['start', '--config', file, '--data', join(dir, 'data')]);
  const line = await shequ.waitForOutput(/serving (http:\/\/127\.0\.0\.1:\d+)\//, 60_000);
  base = /http:\/\/127\.0\.0\.1:\d+/.exec(line)![0];
  port = Number(new URL(base).port);
  const password = readFileSync(join(dir, 'data', 'initial-admin-password'), 'utf8').trim();
  const login = await requestFrom('127.0.0.1', `${base}/api/session`, {
    method: 'POST',
    body: { username: 'admin', password },
  });
  assert.equal(login.status, 200);
  staffCookie = String([login.headers['set-cookie']].flat()[0]).split(';')[0]!;
});

/** What the staff panel says: clients following the stream now. */
const streamClients = async (): Promise<number> => {
  const r = await requestFrom('127.0.0.1', `${base}/api/staff/streams`, { headers: { cookie: staffCookie } });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return Number(r.json.clients);
};

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

interface NonReader {
  socket: Socket;
  status: number;
  /** Resumes reading and resolves with every byte the client got once the appliance has closed it. */
  drain(): Promise<number>;
}

/** A client that asks for the stream, takes the response head, and then never reads again. */
function nonReader(localAddress: string): Promise<NonReader> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    let received = 0;
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('error', reject);
    socket.once('connect', () =>
      socket.write(
        `GET /api/events HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\naccept: text/event-stream\r\n\r\n`,
      ),
    );
    socket.once('data', (chunk: Buffer) => {
      received += chunk.length;
      socket.pause(); // from here on the kernel buffers fill and the appliance must not
      socket.removeListener('error', reject);
      socket.on('error', () => {}); // a reset is one way the appliance ends it
      resolve({
        socket,
        status: Number(/^HTTP\/1\.1 (\d+)/.exec(chunk.toString('latin1'))?.[1] ?? 0),
        drain: async () => {
          socket.on('data', (c: Buffer) => {
            received += c.length;
          });
          socket.resume();
          await closed;
          return received;
        },
      });
    });
  });
}

/**
 * A screen that reads the stream and remembers the last state it got; like the browser's
 * EventSource it opens the stream again when the appliance ends it.
 */
function reader() {
  const controller = new AbortController();
  let last = '';
  let updates = 0;
  let connections = 0;
  const follow = async () => {
    connections++;
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
  };
  const done = (async () => {
    while (!controller.signal.aborted) {
      await follow().catch(() => {});
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return {
    last: () => last,
    updates: () => updates,
    connections: () => connections,
    close: () => controller.abort(),
    done,
  };
}

test('300 clients that stop reading are closed by the appliance past their byte budget, cost under 50 MB, leave nothing behind, the stream is capped, and a reading screen keeps the latest state', {
  timeout: 240_000,
}, async (t) => {
  for (let i = 0; i < 30; i++) await takeTicket(i); // a morning's board, and the code warm
  const screen = reader();
  const rssBefore = rssMb();

  const clients = await Promise.all(
    Array.from({ length: ADDRESSES * PER_ADDRESS }, (_, i) => nonReader(clientAddress(i % ADDRESSES))),
  );
  assert.deepEqual(new Set(clients.map((c) => c.status)), new Set([200]));
  assert.equal(await streamClients(), ADDRESSES * PER_ADDRESS + 1, 'the 300 and the reading screen');
  // The caps: one more from an address that has its ten is a 429, one more from anyone else a 503.
  const perClient = await requestFrom(clientAddress(0), `${base}/api/events`);
  assert.equal(perClient.status, 429);
  assert.equal(perClient.json.error.code, 'stream.client-full');
  assert.match(perClient.json.error.message, /already follows the state stream 10 times/);
  const full = await requestFrom(clientAddress(ADDRESSES), `${base}/api/events`);
  assert.equal(full.status, 503);
  assert.equal(full.json.error.code, 'stream.full');
  assert.match(full.json.error.message, /has its 301 clients/);
  assert.ok(Number(full.headers['retry-after']) >= 1);

  // The queue changes until every connection has carried its budget: the appliance must close the
  // 300 itself (nothing here closes them). Without the budget they would stay, the kernel holding
  // up to 4 MB for each.
  let peak = rssMb();
  let lastNumber = '';
  let tickets = 0;
  const stateBytes = Buffer.byteLength(
    JSON.stringify((await requestFrom('127.0.0.1', `${base}/api/state`)).json),
  );
  const enough = Math.ceil((2 * CONNECTION_BYTES) / stateBytes) * 4; // coalescing can fold a few changes together
  while ((await streamClients()) > 1 && tickets < enough) {
    lastNumber = await takeTicket(tickets++);
    if (tickets % 10 === 0) peak = Math.max(peak, rssMb());
  }
  const stillOpen = await waitFor(async () => (await streamClients()) <= 1, 30_000);
  assert.ok(
    stillOpen,
    `after ${tickets} changes the appliance still has ${await streamClients()} stream clients`,
  );
  peak = Math.max(peak, rssMb());
  assert.ok(
    peak - rssBefore < 50,
    `RSS grew by ${(peak - rssBefore).toFixed(1)} MB (${rssBefore.toFixed(0)} → ${peak.toFixed(0)} MB)`,
  );
  // Each socket sees its end, having been given no more than its budget and the one update under way.
  const got = await Promise.all(clients.map((c) => c.drain()));
  const most = Math.max(...got);
  assert.ok(most <= CONNECTION_BYTES + 2 * stateBytes, `a client that never read was sent ${most} bytes`);

  // The reading screen was ended too and came back: it has the latest state.
  const latest = await requestFrom('127.0.0.1', `${base}/api/state`);
  const waiting = JSON.stringify(latest.json.waitingByService);
  const seen = () =>
    JSON.stringify((JSON.parse(screen.last() || '{}') as { waitingByService?: unknown }).waitingByService);
  const caughtUp = await waitFor(async () => seen() === waiting);
  assert.ok(caughtUp, `the reader saw the state after ${lastNumber}`);
  assert.ok(screen.connections() > 1, 'the reading screen was ended at its budget and reconnected');

  // When the clients are gone, nothing stays: every address and the whole cap are free again.
  const freeAgain = await waitFor(async () => {
    const probes = await Promise.all(Array.from({ length: PER_ADDRESS }, () => nonReader(clientAddress(1))));
    for (const p of probes) p.socket.destroy();
    return probes.every((p) => p.status === 200);
  });
  assert.ok(freeAgain, 'an address that had its ten streams can open ten again');
  const newcomer = await nonReader(clientAddress(ADDRESSES + 1));
  newcomer.socket.destroy();
  assert.equal(newcomer.status, 200, 'the total cap is free again');
  screen.close();
  await screen.done;
  assert.ok(await waitFor(async () => (await streamClients()) === 0), 'no stream client is left');
  const rssAfter = rssMb();
  t.diagnostic(
    `state ${stateBytes} B, ${tickets} changes; RSS ${rssBefore.toFixed(1)} MB before, ${peak.toFixed(1)} MB at most with 300 non-readers, ${rssAfter.toFixed(1)} MB after they went; most sent to one non-reader ${most} B`,
  );
  assert.ok(rssAfter - rssBefore < 50);
});

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/**
 * The central console as its end-to-end tests meet it: two simulated centres' transactions (21
 * days, plus a yellow-card case, a refusal without a reason and a late 补正) go through mosquitto
 * into ingest and PostgreSQL, the console web is built and served, and Chromium logs in as each
 * role. Each test file starts its own (so the files run side by side) and closes it after.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { MqttClient } from 'mqtt';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type TxEnvelope, topics } from '../../contract/mqtt.ts';
import { type RunningCentral, startCentral } from '../../fleet/central/start.ts';
import { buildConsoleWeb } from '../../fleet/console-web/build.ts';
import { centreDay } from '../../fleet/projections/centre-day.ts';
import { districtStream, simDirectory } from '../../fleet/simulate/district-stream.ts';
import { loadHolidayCalendar } from '../../platform/calendar/index.ts';
import { type MosquittoBroker, startMosquitto } from './mosquitto.ts';
import { connectClient } from './mqtt.ts';
import { type PostgresServer, startPostgres } from './postgres.ts';

export const addDays = (d: string, n: number) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
};

/** The characters a PDF's embedded fonts map glyphs to (their ToUnicode maps): its text. */
export function pdfCharacters(pdf: Buffer): Set<string> {
  const maps = [...pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)endstream/g)]
    .map((m) => {
      try {
        return inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
      } catch {
        return '';
      }
    })
    .filter((s) => s.includes('beginbfrange') || s.includes('beginbfchar'))
    .join('\n');
  const out = new Set<string>();
  for (const hex of maps.matchAll(/<([0-9a-fA-F]{4})>/g))
    out.add(String.fromCodePoint(Number.parseInt(hex[1]!, 16)));
  return out;
}

/** The stream both centres send, and the facts tests look up in it. */
export function consoleStream() {
  const today = centreDay(Date.now(), 'Asia/Shanghai');
  const stream: TxEnvelope[] = [
    ...districtStream({ centres: 2, from: addDays(today, -20), days: 21, ticketsPerDay: 12, seed: 11 }),
  ];
  /** One case left open past its promised deadline (the working day before today): a yellow card. */
  const overdueCaseId = 'overdue-case-1';
  const calendar = loadHolidayCalendar(undefined);
  let lastWorkday = addDays(today, -1);
  while (!calendar.isWorkingDay(lastWorkday)) lastWorkday = addDays(lastWorkday, -1);
  stream.push({
    v: 1,
    kiosk: 'centre-01',
    txId: '01J00000000000000000000001',
    seq: Math.max(...stream.filter((t) => t.kiosk === 'centre-01').map((t) => t.seq)) + 1,
    type: 'case.accepted',
    ts: Date.now() - 86_400_000,
    body: {
      caseId: overdueCaseId,
      number: '20990101-0001',
      applicantRef: 'a1b2c3d4e5f6',
      change: 'accepted',
      state: 'in-progress',
      level: 'yellow',
      worstLevel: 'yellow',
      serviceId: 'assistance',
      itemId: 'dibao',
      clerk: 'clerk1',
      counterId: 'w1',
      acceptedDay: addDays(lastWorkday, -21),
      legalLimitDays: 30,
      promisedLimitDays: 15,
      pausedWorkingDays: 0,
      promisedDeadline: lastWorkday,
      legalDeadline: addDays(today, 20),
      provisional: false,
    },
  });
  /** A refusal with no stated reason, which 重点监察 must flag. */
  stream.push({
    v: 1,
    kiosk: 'centre-02',
    txId: '01J00000000000000000000002',
    seq: Math.max(...stream.filter((t) => t.kiosk === 'centre-02').map((t) => t.seq)) + 1,
    type: 'case.changed',
    ts: Date.now() - 3_600_000,
    body: {
      caseId: 'refused-case-1',
      number: '20990101-0002',
      applicantRef: 'f6e5d4c3b2a1',
      change: 'refuse',
      state: 'refused',
      level: 'normal',
      worstLevel: 'normal',
      serviceId: 'assistance',
      itemId: 'dibao',
      clerk: 'clerk2',
      acceptedDay: lastWorkday,
      legalLimitDays: 30,
      promisedLimitDays: 15,
      pausedWorkingDays: 0,
      promisedDeadline: addDays(today, 25),
      legalDeadline: addDays(today, 40),
      provisional: false,
      refusalReviewed: false,
    },
  });
  /** A 补正 told long after acceptance (by law it then counts as accepted): 重点监察 must flag it. */
  stream.push({
    v: 1,
    kiosk: 'centre-02',
    txId: '01J00000000000000000000003',
    seq: Math.max(...stream.filter((t) => t.kiosk === 'centre-02').map((t) => t.seq)) + 1,
    type: 'case.changed',
    ts: Date.now() - 7_200_000,
    body: {
      caseId: 'late-correction-1',
      number: '20990101-0003',
      applicantRef: 'abcdefabcdef',
      change: 'suspend',
      state: 'suspended',
      level: 'normal',
      worstLevel: 'normal',
      serviceId: 'elderly-care',
      itemId: 'elderly-allowance',
      clerk: 'clerk3',
      acceptedDay: addDays(today, -16),
      legalLimitDays: 20,
      promisedLimitDays: 10,
      pausedWorkingDays: 0,
      promisedDeadline: addDays(today, 5),
      legalDeadline: addDays(today, 20),
      provisional: false,
      missingMaterials: ['身份证复印件'],
    },
  });
  /** The last day with tickets: the day the 今日概况 test reads. */
  const busyDay = stream.filter((t) => t.type === 'ticket.issued').at(-1)!.body.day as string;
  const issuedOn = (kiosk: string, day: string) =>
    stream.filter((t) => t.kiosk === kiosk && t.type === 'ticket.issued' && t.body.day === day).length;
  const acceptedOn = (kiosk: string, from: string, to: string) =>
    stream.filter(
      (t) =>
        t.kiosk === kiosk &&
        t.type === 'case.accepted' &&
        String(t.body.acceptedDay) >= from &&
        String(t.body.acceptedDay) <= to,
    ).length;
  return { today, stream, overdueCaseId, busyDay, issuedOn, acceptedOn };
}

export type ConsoleFixture = ReturnType<typeof consoleStream> & {
  central: RunningCentral;
  browser: Browser;
  loginAs(username: string, password: string): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
};

/** PostgreSQL, mosquitto, the central with demo accounts and the built console, fed the stream; Chromium. */
export async function startConsoleFixture(facts = consoleStream()): Promise<ConsoleFixture> {
  const webDir = await mkdtemp(join(tmpdir(), 'shequ-console-web-'));
  let pg: PostgresServer | undefined;
  let broker: MosquittoBroker | undefined;
  let central: RunningCentral | undefined;
  let publisher: MqttClient | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await publisher?.endAsync();
    await central?.close();
    await Promise.all([broker?.stop(), pg?.stop()]);
    await rm(webDir, { recursive: true, force: true });
  };
  try {
    const [server, mqttBroker] = await Promise.all([
      startPostgres(),
      startMosquitto(),
      buildConsoleWeb(webDir),
    ]);
    pg = server;
    broker = mqttBroker;
    const started = await startCentral({
      db: server.url,
      broker: { url: mqttBroker.url },
      directory: simDirectory(2),
      demoAccounts: true,
      webDir,
    });
    central = started;
    publisher = await connectClient(mqttBroker.url, { clientId: 'two-centres', protocolVersion: 5 });
    for (const t of facts.stream) publisher.publish(topics.tx(t.kiosk), JSON.stringify(t), { qos: 1 });
    for (let i = 0; i < 300; i++) {
      const [n] = await started.db.query<{ n: number }>('SELECT count(*)::int AS n FROM transactions');
      if (n!.n === facts.stream.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const launched = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
      ],
    });
    browser = launched;
    const loginAs = async (username: string, password: string) => {
      const context = await launched.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
      const page = await context.newPage();
      await page.goto(started.url);
      await page.fill('input[name=username]', username);
      await page.fill('input[name=password]', password);
      await page.click('button[type=submit]');
      await page.getByTestId('who').waitFor();
      return { context, page };
    };
    return { ...facts, central: started, browser: launched, loginAs, close };
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
}

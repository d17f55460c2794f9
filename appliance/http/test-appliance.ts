/**
 * For the HTTP tests: an appliance with no devices and no broker on a free port, a clerk account,
 * and a small client that returns status, JSON and headers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVICE_COOKIE, type DeviceRole } from '../../contract/api.ts';
import type { ApplianceConfig } from '../../contract/config/schema.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { assembleAppliance, type RunningAppliance } from '../assemble.ts';
import { openHardware } from '../bindings/hardware.ts';
import { createPairingCode } from '../pairing/pairing-codes.ts';
import { startSimulatedDevices } from '../sim/sim-devices.ts';

export const CLERK = { username: 'clerk', password: 'counter-pass-1' } as const;

export interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the API answered and assert on it
  json: any;
  text: string;
  headers: Headers;
}

export interface TestAppliance {
  readonly running: RunningAppliance;
  /** Closes the appliance and assembles it again on the same data directory (a `shequ start` restart; the port changes). */
  restart(): Promise<void>;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  /** The cookie header of a kiosk screen paired at start (through the pairing exchange). */
  kiosk: { cookie: string };
  /** Pairs another screen through the exchange and returns its cookie header. */
  pair(role: DeviceRole, counterId?: string): Promise<{ cookie: string }>;
  /** Logs in and returns the cookie and CSRF headers a staff write needs. */
  login(username?: string, password?: string): Promise<{ cookie: string; 'x-csrf-token': string }>;
  close(): Promise<void>;
}

/**
 * `configure` may change the simulation centre's configuration first (its limits, a service's range);
 * `simulated`: the demo's simulated reader and scanner (no printer), with their /api/sim controls.
 */
export async function startTestAppliance(
  configure: (config: ApplianceConfig) => ApplianceConfig = (c) => c,
  opts: { simulated?: boolean } = {},
): Promise<TestAppliance> {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-http-'));
  const sim = opts.simulated
    ? await startSimulatedDevices({ dataDir: join(dir, 'sim'), inProcessReader: true })
    : null;
  const config = configure(
    simulationConfig({
      http: { host: '127.0.0.1', port: 0 },
      ...(sim ? { hardware: { ...sim.hardware, camera: null, printer: null } } : {}),
    }),
  );
  const assemble = () =>
    assembleAppliance(
      config,
      sim ? { ...sim.bindings, camera: null, printer: null, broker: null } : openHardware({}, null),
      { dataDir: dir, uiDistDir: join(dir, 'no-ui') },
    );
  let running = await assemble();
  await running.auth.addUser(CLERK.username, CLERK.password, 'staff');
  const call: TestAppliance['call'] = async (method, path, body, headers = {}) => {
    const res = await fetch(running.url + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, json, text, headers: res.headers };
  };
  const pair: TestAppliance['pair'] = (role, counterId) => pairScreen(running, role, counterId);
  return {
    get running() {
      return running;
    },
    restart: async () => {
      await running.close();
      running = await assemble();
    },
    call,
    kiosk: await pair('kiosk'),
    pair,
    login: async (username = CLERK.username, password = CLERK.password) => {
      const r = await call('POST', '/api/session', { username, password });
      if (r.status !== 200) throw new Error(`login as ${username} failed: ${r.status}`);
      return {
        cookie: r.headers.get('set-cookie')!.split(';')[0]!,
        'x-csrf-token': String(r.json.csrfToken),
      };
    },
    close: async () => {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}-keys`, { recursive: true, force: true });
    },
  };
}

/** Pairs a screen the way an installer does: a code made on the box, exchanged over HTTP. */
export function pairScreen(
  running: RunningAppliance,
  role: DeviceRole,
  counterId?: string,
): Promise<{ cookie: string }> {
  return pairScreenAt(running.url, running.dataDir, role, counterId);
}

/** The same for an appliance in another process: the code is left in its data directory. */
export async function pairScreenAt(
  url: string,
  dataDir: string,
  role: DeviceRole,
  counterId?: string,
): Promise<{ cookie: string }> {
  const { code } = await createPairingCode(dataDir, {
    role,
    ...(counterId ? { counterId } : {}),
    by: 'test',
  });
  const res = await fetch(`${url}/api/pairing`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  if (res.status !== 200)
    throw new Error(`pairing a ${role} screen failed: ${res.status} ${await res.text()}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]! };
}

/** What a browser page (playwright's Page) offers to take a cookie. */
interface CookiePage {
  context(): { addCookies(cookies: Array<{ name: string; value: string; url: string }>): Promise<void> };
}

/** Gives a browser page the device cookie of a newly paired screen (before it opens that screen). */
export async function pairBrowserPage(
  page: CookiePage,
  url: string,
  dataDir: string,
  role: DeviceRole,
): Promise<{ cookie: string }> {
  const paired = await pairScreenAt(url, dataDir, role);
  const value = paired.cookie.slice(paired.cookie.indexOf('=') + 1);
  await page.context().addCookies([{ name: DEVICE_COOKIE, value, url }]);
  return paired;
}

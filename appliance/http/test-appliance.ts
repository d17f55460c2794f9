/**
 * For the HTTP tests: an appliance with no devices and no broker on a free port, a clerk account,
 * and a small client that returns status, JSON and headers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { assembleAppliance, type RunningAppliance } from '../assemble.ts';
import { openHardware } from '../bindings/hardware.ts';

export const CLERK = { username: 'clerk', password: 'counter-pass-1' } as const;

export interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the API answered and assert on it
  json: any;
  text: string;
  headers: Headers;
}

export interface TestAppliance {
  running: RunningAppliance;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  /** Logs in and returns the cookie and CSRF headers a staff write needs. */
  login(username?: string, password?: string): Promise<{ cookie: string; 'x-csrf-token': string }>;
  close(): Promise<void>;
}

export async function startTestAppliance(): Promise<TestAppliance> {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-http-'));
  const running = await assembleAppliance(
    simulationConfig({ http: { host: '127.0.0.1', port: 0 } }),
    openHardware({}, null),
    { dataDir: dir, uiDistDir: join(dir, 'no-ui') },
  );
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
  return {
    running,
    call,
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
    },
  };
}

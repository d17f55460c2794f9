/**
 * A kiosk for data-sharing tests: the appliance assembled as it ships (simulated devices) against
 * a fleet broker, trusting central's dataset key, with a clerk logged in on its HTTP API and a way
 * to accept a case for a generated, check-digit-valid resident.
 */
import assert from 'node:assert/strict';
import { assembleAppliance, type RunningAppliance } from '../../appliance/assemble.ts';
import { openHardware } from '../../appliance/bindings/hardware.ts';
import { maskIdNumber, maskName, mod11CheckChar } from '../../drivers/idcard/index.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import type { TrustedKey } from '../../platform/bundle-signature.ts';

export interface SharingKiosk {
  running: RunningAppliance;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  /** `applicantMaskedNumber` ends in what the resident types with the receipt number. */
  acceptCase(): Promise<{ id: string; number: string; applicantMaskedNumber: string }>;
  close(): Promise<void>;
}

export async function startSharingKiosk(opts: {
  brokerUrl: string;
  kioskId: string;
  password: string;
  dataDir: string;
  trusted: TrustedKey[];
  siteId: string;
  districtId: string;
  /** An ESC/POS printer on TCP (the virtual printer) for the receipt printer; none when absent. */
  printerUri?: string;
}): Promise<SharingKiosk> {
  const config = simulationConfig({
    http: { host: '127.0.0.1', port: 0 },
    broker: { url: opts.brokerUrl, protocolVersion: 5 },
  });
  config.kioskId = opts.kioskId;
  config.services[0]!.caseItems.push({
    id: 'tekun',
    name: '特困人员救助供养申请',
    legalLimitDays: 60,
    promisedLimitDays: 45,
    materials: ['居民身份证'],
    fee: '免费',
  });
  const running = await assembleAppliance(
    config,
    openHardware(opts.printerUri ? { printer: { uri: opts.printerUri, profile: 'generic-80mm-zh' } } : {}, {
      url: opts.brokerUrl,
      protocolVersion: 5,
      mqttOptions: { username: opts.kioskId, password: opts.password, protocolVersion: 5 },
    }),
    {
      dataDir: opts.dataDir,
      uiDistDir: `${opts.dataDir}-no-ui`,
      sharing: { trustedKeys: opts.trusted, siteId: opts.siteId, districtId: opts.districtId },
    },
  );
  if (!running.auth.hasUsers()) await running.auth.addUser('clerk', 'counter-pass-1', 'staff');
  const api = await staffApi(running.url, 'clerk', 'counter-pass-1');
  let residents = 0;
  const acceptCase = () => acceptCaseAt(running, api, residents++, 'tekun');
  return { running, api, acceptCase, close: () => running.close() };
}

export type StaffApi = SharingKiosk['api'];

/** A staff session on the appliance's HTTP API (cookie and CSRF token). */
export async function staffApi(url: string, username: string, password: string): Promise<StaffApi> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const staff = {
    cookie: res.headers.get('set-cookie')!.split(';')[0]!,
    'x-csrf-token': String(((await res.json()) as { csrfToken: string }).csrfToken),
  };
  return async (method: string, path: string, body?: unknown) => {
    const r = await fetch(url + path, {
      method,
      headers: { ...staff, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: r.status, json: (await r.json()) as unknown };
  };
}

/** Resident number `n` (generated, check-digit-valid) takes a social-security ticket; counter w1 accepts its case. */
export async function acceptCaseAt(
  running: RunningAppliance,
  api: StaffApi,
  n: number,
  itemId: string,
): Promise<{ id: string; number: string; applicantMaskedNumber: string }> {
  const vault = running.appliance.vault;
  const body = `110105195003150${String(21 + n).padStart(2, '0')}`;
  const number = body + mod11CheckChar(body);
  await running.appliance.queue.issue({
    serviceId: 'social-security',
    priority: false,
    holder: {
      ref: vault.lookupRef(number),
      sealed: vault.seal({ name: '测试', number }),
      maskedName: maskName('测试'),
      maskedNumber: maskIdNumber(number),
    },
  });
  const called = await api('POST', '/api/staff/counters/w1/call-next');
  assert.equal(called.status, 200, JSON.stringify(called.json));
  const ticketId = (called.json as { ticket: { id: string } }).ticket.id;
  const accepted = await api('POST', '/api/staff/cases', { ticketId, itemId, materials: ['居民身份证'] });
  assert.equal(accepted.status, 201, JSON.stringify(accepted.json));
  return (accepted.json as { case: { id: string; number: string; applicantMaskedNumber: string } }).case;
}

/** Polls `probe` (every 100 ms, at most 15 s) until it gives a value, for state seen only through an API. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until central's ingest has the kiosk's case in `cases`: a case accepted at the kiosk goes
 * up asynchronously, and central refuses a notice for a case it does not know yet.
 */
export async function centralHasCase(
  db: { query(sql: string, params?: unknown[]): Promise<object[]> },
  kioskId: string,
  caseId: string,
): Promise<void> {
  await until(`case ${caseId} at central`, async () => {
    const rows = await db.query('SELECT 1 FROM cases WHERE kiosk_id = $1 AND case_id = $2', [
      kioskId,
      caseId,
    ]);
    return rows.length > 0;
  });
}

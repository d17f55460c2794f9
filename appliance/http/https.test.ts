/**
 * The staff panel over HTTPS, tried with a real TLS client: a server certificate issued by a
 * device CA (as the district's issues the broker's), the client trusting only that CA. Over TLS
 * the session cookie is `Secure`; staff cannot log in on the plain listener, which keeps serving
 * the kiosk and board.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { EC_SIGNING_ALGORITHM, generateEcKeyPair, privateKeyToPem } from '../../platform/pki/ec-keys.ts';
import { x509 } from '../../platform/pki/x509.ts';
import { assembleAppliance, type RunningAppliance } from '../assemble.ts';
import { openHardware } from '../bindings/hardware.ts';
import { SESSION_COOKIE } from './staff-auth.ts';

const dir = mkdtempSync(join(tmpdir(), 'shequ-https-'));
let running: RunningAppliance;
let caPem = '';
let otherCaPem = '';

async function ca(cn: string) {
  const keys = await generateEcKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${cn}`,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys,
    signingAlgorithm: EC_SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
    ],
  });
  return { cert, keys };
}

before(async () => {
  const device = await ca('Test Device CA');
  const serverKeys = await generateEcKeyPair();
  const server = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: 'CN=K-SIM-0001',
    issuer: device.cert.subject,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    publicKey: serverKeys.publicKey,
    signingKey: device.keys.privateKey,
    signingAlgorithm: EC_SIGNING_ALGORITHM,
    extensions: [
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }]),
    ],
  });
  caPem = device.cert.toString('pem');
  otherCaPem = (await ca('Someone Else')).cert.toString('pem');
  writeFileSync(join(dir, 'panel.pem'), server.toString('pem'));
  writeFileSync(join(dir, 'panel.key'), await privateKeyToPem(serverKeys.privateKey), { mode: 0o600 });
  const tls = { host: '127.0.0.1', port: 0, cert: join(dir, 'panel.pem'), key: join(dir, 'panel.key') };
  running = await assembleAppliance(
    simulationConfig({ http: { host: '127.0.0.1', port: 0, tls } }),
    openHardware({}, null),
    { dataDir: join(dir, 'data'), uiDistDir: join(dir, 'no-ui') },
  );
  await running.auth.addUser('clerk', 'counter-pass-1', 'staff');
});
after(async () => {
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

function tlsCall(path: string, opts: { ca: string; method?: string; body?: unknown; cookie?: string }) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    text: string;
  }>((resolve, reject) => {
    const url = new URL(path, running.adminUrl!);
    const req = request(
      url,
      {
        method: opts.method ?? 'GET',
        ca: opts.ca,
        headers: {
          ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(opts.cookie ? { cookie: opts.cookie } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(opts.body === undefined ? undefined : JSON.stringify(opts.body));
  });
}

test('staff log in over HTTPS with a Secure, HttpOnly session cookie; a client that does not trust the CA is refused', async () => {
  assert.match(running.adminUrl ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
  const login = await tlsCall('/api/session', {
    ca: caPem,
    method: 'POST',
    body: { username: 'clerk', password: 'counter-pass-1' },
  });
  assert.equal(login.status, 200, login.text);
  const setCookie = [login.headers['set-cookie']].flat().join('\n');
  assert.match(setCookie, new RegExp(`^${SESSION_COOKIE}=[^;]+;.*; Secure`, 'i'));
  assert.match(setCookie, /HttpOnly/i);
  const cookie = setCookie.split(';')[0]!;
  const me = await tlsCall('/api/session', { ca: caPem, cookie });
  assert.equal(me.status, 200);
  assert.equal(JSON.parse(me.text).username, 'clerk');

  await assert.rejects(tlsCall('/api/session', { ca: otherCaPem }), /self[- ]signed|unable to (get|verify)/i);
});

test('the plain listener keeps the kiosk and board, and sends staff to the HTTPS panel', async () => {
  const plain = await fetch(`${running.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'clerk', password: 'counter-pass-1' }),
  });
  assert.equal(plain.status, 403);
  const body = (await plain.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'auth.tls-only');
  assert.ok(body.error.message.includes(`${running.adminUrl}/admin/`));
  assert.equal(plain.headers.get('set-cookie'), null, 'no session cookie in the clear');
  assert.equal((await fetch(`${running.url}/api/staff/queue`)).status, 403);
  // Percent-encoded paths reach the same routes, and are refused the same way.
  const encoded = await fetch(`${running.url}/api/%73ession`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'clerk', password: 'counter-pass-1' }),
  });
  assert.equal(encoded.status, 403, 'an encoded login path is refused on the plain listener');
  assert.equal(encoded.headers.get('set-cookie'), null);
  assert.equal((await fetch(`${running.url}/api/%73taff/queue`)).status, 403);
  assert.equal((await fetch(`${running.url}/api/state`)).status, 200, 'the board still reads the state');
});

/**
 * The document camera over HTTP, as the kiosk screen uses it: a frame of an ID card posted to the
 * appliance is read by OCR (tesseract.js, local models); a valid number stands in for the card on
 * the reader, masked, and goes away when the resident is done; nothing unreadable is used.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { PublicState } from '../../contract/api.ts';
import { maskIdNumber } from '../../drivers/idcard/index.ts';
import { cardImage } from '../../drivers/ocr/testing/card-image.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { assembleAppliance, type RunningAppliance } from '../assemble.ts';
import { openHardware } from '../bindings/hardware.ts';
import { pairScreen, startTestAppliance, type TestAppliance } from './test-appliance.ts';

const dir = mkdtempSync(join(tmpdir(), 'shequ-documents-'));
let running: RunningAppliance;
let noCamera: TestAppliance;
let kiosk: { cookie: string };

before(async () => {
  const hardware = { camera: { enabled: true, languages: ['eng' as const], poolSize: 1 } };
  running = await assembleAppliance(
    simulationConfig({ http: { host: '127.0.0.1', port: 0 }, hardware }),
    openHardware(hardware, null),
    { dataDir: dir, uiDistDir: join(dir, 'no-ui') },
  );
  noCamera = await startTestAppliance();
  kiosk = await pairScreen(running, 'kiosk');
});
after(async () => {
  await running?.close();
  await noCamera?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-keys`, { recursive: true, force: true });
});

const post = (base: string, path: string, body: Buffer, type = 'image/png', screen = kiosk) =>
  fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': type, ...screen },
    body: new Uint8Array(body),
  });
const state = async () =>
  (await (await fetch(`${running.url}/api/state`, { headers: kiosk })).json()) as PublicState;

test('a photo of an ID card identifies the resident (masked) until they are done', async () => {
  const card = await cardImage({ seed: 7, angleDeg: 1.5, blurPx: 0.4, noise: 4 });
  const res = await post(running.url, '/api/documents/ocr?kind=id', card.image);
  const text = await res.text();
  assert.equal(res.status, 200, text);
  assert.equal(text.includes(card.person.number), false, 'the full number never leaves the appliance');
  const read = JSON.parse(text) as {
    kind: string;
    valid: boolean;
    identified: boolean;
    maskedNumber: string;
  };
  assert.deepEqual(
    { kind: read.kind, valid: read.valid, identified: read.identified, maskedNumber: read.maskedNumber },
    { kind: 'id-card', valid: true, identified: true, maskedNumber: maskIdNumber(card.person.number) },
  );
  const onKiosk = (await state()).card;
  assert.equal(onKiosk?.source, 'camera');
  assert.equal(onKiosk?.maskedNumber, maskIdNumber(card.person.number));
  assert.equal((await state()).devices.camera?.state, 'ok');

  const ticket = await fetch(`${running.url}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...kiosk },
    body: JSON.stringify({ serviceId: 'assistance', withCard: true }),
  });
  assert.equal(ticket.status, 201, 'a card-only service takes the identified resident');
  assert.match(((await ticket.json()) as { ticket: { holderMasked: string } }).ticket.holderMasked, /\*/);

  const board = await pairScreen(running, 'board');
  const publicCard = async (headers: Record<string, string>) =>
    ((await (await fetch(`${running.url}/api/state`, { headers })).json()) as PublicState).card;
  assert.equal(await publicCard({}), null, 'an unpaired client does not see who stands at the kiosk');
  assert.equal(await publicCard(board), null, 'nor does the board');
  const fromBoard = await fetch(`${running.url}/api/documents/person`, { method: 'DELETE', headers: board });
  assert.equal(fromBoard.status, 403);
  assert.equal(((await fromBoard.json()) as { error: { code: string } }).error.code, 'device.wrong-role');
  const unpaired = await post(running.url, '/api/documents/ocr?kind=id', card.image, 'image/png', {
    cookie: 'shequ_device=not-a-token',
  });
  assert.equal(unpaired.status, 403, 'only the paired kiosk posts camera frames');
  assert.equal(
    (await fetch(`${running.url}/api/documents/person`, { method: 'DELETE', headers: kiosk })).status,
    204,
  );
  assert.equal((await state()).card, null);
});

test('a card whose check digit fails identifies nobody; a frame that is not an image is refused', async () => {
  const forged = await cardImage({ seed: 8, wrongCheckDigit: true, angleDeg: 1, blurPx: 0.3, noise: 3 });
  const read = (await (await post(running.url, '/api/documents/ocr', forged.image)).json()) as {
    valid: boolean;
    identified: boolean;
  };
  assert.equal(read.valid, false);
  assert.equal(read.identified, false);
  assert.equal((await state()).card, null);

  const junk = await post(running.url, '/api/documents/ocr', Buffer.from('not a png at all'));
  assert.equal(junk.status, 422);
  assert.match(await junk.text(), /document\.unreadable/);
  const wrongType = await post(running.url, '/api/documents/ocr', Buffer.from('x'), 'text/plain');
  assert.equal(wrongType.status, 415);
  assert.equal((await state()).devices.camera?.state, 'ok', 'a bad frame is not a camera fault');
});

test('a kiosk without a document camera says so', async () => {
  const res = await post(
    noCamera.running.url,
    '/api/documents/ocr',
    Buffer.from('x'),
    'image/png',
    noCamera.kiosk,
  );
  assert.equal(res.status, 503);
  assert.match(await res.text(), /camera\.absent/);
});

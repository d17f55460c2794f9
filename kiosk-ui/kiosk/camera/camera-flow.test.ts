/** 证件拍照 in the kiosk's model and its capture loop, without a browser. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DocumentKind, DocumentReadView, TakeTicketRequest } from '../../../contract/api.ts';
import { ApiClientError } from '../../shared/api-client.ts';
import { sampleState, sampleTicket } from '../../test-support/fixtures.ts';
import { createKioskFlow } from '../flow.ts';
import { hintFor, runCapture } from './capture-loop.ts';

const photographed = {
  maskedName: '',
  maskedNumber: '110***********123X',
  cardType: 'resident',
  elderly: false,
  checkDigitValid: true,
  source: 'camera' as const,
};

function setup() {
  const requests: TakeTicketRequest[] = [];
  let forgotten = 0;
  const api = {
    takeTicket: async (req: TakeTicketRequest) => {
      requests.push(req);
      return { ticket: sampleTicket({ serviceId: req.serviceId }), printed: true };
    },
    forgetDocumentPerson: async () => {
      forgotten++;
    },
  };
  const flow = createKioskFlow(api, () => sampleState({ card: photographed }));
  void flow.cardChanged(null);
  return { flow, requests, forgotten: () => forgotten };
}

test('from the card prompt, the photographed resident gets the service with the card, and nothing to take back', async () => {
  const { flow, requests, forgotten } = setup();
  await flow.choose('dibao');
  const prompt = flow.screen.value;
  assert.equal(prompt.kind, 'card-prompt');
  flow.openCamera(prompt.kind === 'card-prompt' ? prompt.service : undefined);
  assert.equal(flow.screen.value.kind, 'camera');
  await flow.cardChanged(photographed);
  assert.deepEqual(requests, [{ serviceId: 'dibao', withCard: true }]);
  const screen = flow.screen.peek();
  assert.ok(screen.kind === 'ticket', screen.kind);
  assert.equal(screen.withCard, false, 'no 请取走身份证 for a photo');
  assert.equal(flow.cardToTake.value, false);
  assert.equal(forgotten(), 1, 'the appliance is told to forget the person');
  // The same reading still pushed until the appliance forgets it is not used again.
  await flow.cardChanged(photographed);
  assert.equal(flow.card.value, null);
  assert.equal(flow.cardToTake.value, false);
});

test('from home, the photographed resident is greeted at home; the idle reset forgets them', async () => {
  const { flow, requests, forgotten } = setup();
  flow.openCamera();
  await flow.cardChanged(photographed);
  assert.equal(flow.screen.value.kind, 'home');
  assert.equal(flow.card.value?.source, 'camera');
  assert.equal(requests.length, 0);
  flow.idle();
  assert.equal(flow.card.value, null);
  assert.equal(forgotten(), 1);
});

test('an expired document read by the camera is not used for the service', async () => {
  const { flow, requests } = setup();
  await flow.choose('dibao');
  const prompt = flow.screen.value;
  flow.openCamera(prompt.kind === 'card-prompt' ? prompt.service : undefined);
  await flow.cardChanged({ ...photographed, expired: true });
  assert.equal(requests.length, 0);
  assert.equal(flow.screen.value.kind, 'home', 'home says the document has expired');
});

const view = (v: Partial<DocumentReadView>): DocumentReadView => ({
  kind: 'id-card',
  valid: false,
  identified: false,
  problems: [],
  ...v,
});

function loop(answers: (DocumentReadView | Error)[], frames: (Blob | null)[] = []) {
  let now = 0;
  const kinds: DocumentKind[] = [];
  const seen: number[] = [];
  return {
    kinds,
    seen,
    deps: {
      grab: async () =>
        frames.length ? (frames.shift() ?? null) : new Blob(['jpeg'], { type: 'image/jpeg' }),
      read: async (_f: Blob, kind: DocumentKind) => {
        kinds.push(kind);
        const next = answers.shift();
        if (!next) throw new Error('no more answers');
        if (next instanceof Error) throw next;
        return next;
      },
      kind: () => 'id' as const,
      onFrame: (_v: DocumentReadView, n: number) => seen.push(n),
      wait: async (ms: number) => {
        now += ms;
      },
      now: () => now,
    },
  };
}

test('the loop stops at the first reading whose check digits hold, counting the frames sent', async () => {
  const l = loop(
    [
      view({ kind: 'not-found', problems: ['not-found'] }),
      view({ valid: false, problems: ['check-digit'] }),
      new ApiClientError('document.unreadable', 'x', 422),
      view({ valid: true, identified: true, maskedNumber: '110***' }),
    ],
    [null],
  );
  const result = await runCapture(l.deps, new AbortController().signal, { timeoutMs: 60_000 });
  assert.equal(result?.frames, 3, 'the unreadable frame is not counted as read');
  assert.equal(result?.view.maskedNumber, '110***');
  assert.deepEqual(l.seen, [1, 2, 3]);
});

test('the loop gives up after its time, ends on a fatal answer, and stops when aborted', async () => {
  const never = loop(Array.from({ length: 500 }, () => view({ kind: 'not-found' })));
  assert.equal(await runCapture(never.deps, new AbortController().signal, { timeoutMs: 5_000 }), null);
  const absent = loop([new ApiClientError('camera.absent', 'x', 503)]);
  await assert.rejects(
    runCapture(absent.deps, new AbortController().signal, { timeoutMs: 5_000 }),
    (err: unknown) => err instanceof ApiClientError && err.code === 'camera.absent',
  );
  const aborted = new AbortController();
  aborted.abort();
  assert.equal(await runCapture(loop([]).deps, aborted.signal, { timeoutMs: 5_000 }), null);
});

test('the hint says what to do with the last frame', () => {
  assert.equal(hintFor(null, 'id'), 'kiosk.camera.hint.place');
  assert.equal(hintFor(null, 'mrz'), 'kiosk.camera.hint.place-mrz');
  assert.equal(hintFor(view({ valid: false, problems: ['check-digit'] }), 'id'), 'kiosk.camera.hint.unsure');
  assert.equal(hintFor(view({ kind: 'not-found' }), 'id'), 'kiosk.camera.hint.place');
});

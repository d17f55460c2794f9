import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualTimers, sampleState } from '../test-support/fixtures.ts';
import { connectStateStream, type EventSourceLike, parseStateMessage } from './state-stream.ts';

class FakeEventSource implements EventSourceLike {
  readyState = 0;
  onopen: ((ev: Event) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  closed = false;
  private listeners: ((ev: MessageEvent<string>) => void)[] = [];
  constructor(readonly url: string) {}
  addEventListener(_type: 'state', listener: (ev: MessageEvent<string>) => void) {
    this.listeners.push(listener);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  push(data: string) {
    for (const l of this.listeners) l({ data } as MessageEvent<string>);
  }
  fail(readyState: 0 | 2) {
    this.readyState = readyState;
    this.onerror?.(new Event('error'));
  }
}

function setup() {
  const sources: FakeEventSource[] = [];
  const timers = manualTimers();
  const stream = connectStateStream({
    url: '/api/events',
    timers,
    retryMs: { first: 1000, max: 4000 },
    createSource: (url) => {
      const es = new FakeEventSource(url);
      sources.push(es);
      return es;
    },
  });
  return { sources, timers, stream };
}

test('a state message updates the store and marks it connected', () => {
  const { sources, stream } = setup();
  assert.equal(stream.live.value.connected, false);
  sources[0]!.open();
  sources[0]!.push(JSON.stringify(sampleState()));
  assert.equal(stream.live.value.connected, true);
  assert.equal(stream.live.value.state?.kiosk.centreName, '示例街道社区服务中心');
  stream.close();
});

test('a malformed message is ignored and the last good state kept', () => {
  const { sources, stream } = setup();
  sources[0]!.push(JSON.stringify(sampleState()));
  sources[0]!.push('{not json');
  sources[0]!.push(JSON.stringify({ hello: 'world' }));
  assert.equal(stream.live.value.state?.services.length, 2);
  assert.equal(parseStateMessage('null'), null);
  stream.close();
});

test('a transient error shows offline once EventSource has not reopened it within the grace, and leaves the retry to EventSource', () => {
  const { sources, timers, stream } = setup();
  sources[0]!.open();
  sources[0]!.fail(0);
  assert.equal(stream.live.value.connected, true, 'not offline for a reconnect under way');
  timers.advance(4999);
  assert.equal(stream.live.value.connected, true);
  timers.advance(1);
  assert.equal(stream.live.value.connected, false);
  timers.advance(10_000);
  assert.equal(sources.length, 1);
  sources[0]!.open();
  assert.equal(stream.live.value.connected, true);
  stream.close();
});

test('a stream the appliance ends at its byte budget and EventSource reopens at once never shows offline', () => {
  const { sources, timers, stream } = setup();
  sources[0]!.open();
  for (let i = 0; i < 3; i++) {
    sources[0]!.fail(0);
    timers.advance(2000); // the appliance's `retry`
    sources[0]!.open();
    assert.equal(stream.live.value.connected, true);
  }
  timers.advance(60_000);
  assert.equal(stream.live.value.connected, true);
  stream.close();
});

test('a closed stream is reopened with capped, doubling backoff', () => {
  const { sources, timers, stream } = setup();
  sources[0]!.fail(2);
  assert.equal(sources[0]!.closed, true);
  timers.advance(999);
  assert.equal(sources.length, 1);
  timers.advance(1);
  assert.equal(sources.length, 2);
  sources[1]!.fail(2);
  timers.advance(2000);
  assert.equal(sources.length, 3);
  sources[2]!.fail(2);
  timers.advance(3999);
  assert.equal(sources.length, 3);
  timers.advance(1);
  assert.equal(sources.length, 4);
  sources[3]!.fail(2);
  timers.advance(4000);
  assert.equal(sources.length, 5, 'delay is capped at max');
  sources[4]!.open();
  sources[4]!.fail(2);
  timers.advance(1000);
  assert.equal(sources.length, 6, 'a successful open resets the backoff');
  stream.close();
});

test('close stops reconnecting', () => {
  const { sources, timers, stream } = setup();
  sources[0]!.fail(2);
  stream.close();
  timers.advance(60_000);
  assert.equal(sources.length, 1);
});

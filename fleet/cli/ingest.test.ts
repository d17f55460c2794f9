import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type IngestState, topics } from '../../contract/mqtt.ts';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { connectClient, json, recordMessages } from '../../test/support/mqtt.ts';
import { spawnShequ } from '../../test/support/shequ-process.ts';
import { openCentralDb } from '../db/central-db.ts';
import { startIngest } from '../ingest/worker.ts';

describe('shequ ingest as a process', () => {
  let broker: MosquittoBroker;

  before(async () => {
    broker = await startMosquitto();
  });
  after(async () => {
    await broker.stop();
  });

  async function watchState() {
    const observer = await connectClient(broker.url, { protocolVersion: 5 });
    const seen = recordMessages(observer);
    await observer.subscribeAsync(topics.ingestState, { qos: 1 });
    const stateOf = (worker: string, state: IngestState['state']) =>
      seen.waitFor(
        (m) => {
          const s = json(m) as IngestState;
          return m.topic === topics.ingestState && s.worker === worker && s.state === state;
        },
        10_000,
        `${worker} ${state}`,
      );
    return { observer, seen, stateOf };
  }

  test('a killed worker turns the retained ingest state offline through its will', async () => {
    const ingest = spawnShequ(['ingest', '--broker', broker.url, '--worker', 'killed-1']);
    await ingest.waitForOutput(/killed-1 READY/);
    const { observer, stateOf } = await watchState();
    try {
      const online = await stateOf('killed-1', 'online');
      assert.equal(online.retain, true, 'online is retained');
      assert.equal(await ingest.signal('SIGKILL'), 'SIGKILL');
      await stateOf('killed-1', 'offline');
      // A late subscriber gets the offline as the retained state.
      const late = await watchState();
      try {
        const retained = await late.stateOf('killed-1', 'offline');
        assert.equal(retained.retain, true);
      } finally {
        await late.observer.endAsync();
      }
    } finally {
      await observer.endAsync();
    }
  });

  test("with another worker alive, a dead worker's will does not leave ingest offline", async () => {
    const db = await openCentralDb();
    const survivor = await startIngest({ brokerUrl: broker.url, db, workerId: 'survivor' });
    const doomed = spawnShequ(['ingest', '--broker', broker.url, '--worker', 'doomed']);
    try {
      await doomed.waitForOutput(/doomed READY/);
      const { observer, stateOf } = await watchState();
      try {
        await stateOf('doomed', 'online');
        await doomed.signal('SIGKILL');
        await stateOf('doomed', 'offline');
        await stateOf('survivor', 'online');
      } finally {
        await observer.endAsync();
      }
      const late = await watchState();
      try {
        const retained = json(await late.stateOf('survivor', 'online')) as IngestState;
        assert.equal(retained.state, 'online');
      } finally {
        await late.observer.endAsync();
      }
    } finally {
      await doomed.signal('SIGKILL');
      await survivor.close();
      await db.close();
    }
  });

  test('SIGTERM drains, publishes offline and exits 0', async () => {
    const ingest = spawnShequ([
      'ingest',
      '--broker',
      broker.url,
      '--worker',
      'clean-1',
      '--stats-every',
      '0.2',
    ]);
    await ingest.waitForOutput(/clean-1 READY/);
    const { observer, stateOf } = await watchState();
    try {
      await stateOf('clean-1', 'online');
      await ingest.waitForOutput(/clean-1: stored 0/);
      assert.equal(await ingest.signal('SIGTERM'), 0, ingest.output());
      await stateOf('clean-1', 'offline');
      assert.match(ingest.output(), /stopped after storing 0/);
      assert.match(ingest.output(), /clean-1: stored 0 \(0\.0\/s\), rejected 0, pending 0/);
    } finally {
      await observer.endAsync();
    }
  });

  test('an unreachable broker is reported and exits 1', async () => {
    const ingest = spawnShequ([
      'ingest',
      '--broker',
      'mqtt://127.0.0.1:1',
      '--worker',
      'nobroker',
      '--connect-timeout',
      '1500',
    ]);
    assert.equal(await ingest.exited, 1);
    assert.match(ingest.output(), /no connection to mqtt:\/\/127\.0\.0\.1:1 within 1500 ms/);
  });
});

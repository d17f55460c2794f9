import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import { topics } from '../../contract/mqtt.ts';
import { startCommandResponder } from '../../test/support/command-responder.ts';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { sendCommand } from './command.ts';
import { connectConsole } from './connect.ts';

describe('fleet commands over a real mosquitto', () => {
  let broker: MosquittoBroker;
  let console_: MqttClient;

  before(async () => {
    broker = await startMosquitto();
    console_ = await connectConsole({ url: broker.url });
  });
  after(async () => {
    await console_.endAsync();
    await broker.stop();
  });

  test('a command carries response topic, correlation data and expiry, and the result comes back', async () => {
    const kiosk = await startCommandResponder(broker.url, 'K0401', () => [
      { status: 'accepted' },
      { status: 'succeeded', result: { printed: true } },
    ]);
    try {
      const outcome = await sendCommand(console_, 'K0401', 'print-test', { copies: 1 }, 5000);
      assert.equal(outcome.kind, 'result');
      assert.equal(outcome.kind === 'result' && outcome.result.status, 'succeeded');
      assert.deepEqual(outcome.kind === 'result' && outcome.result.result, { printed: true });
      const [cmd] = kiosk.seen;
      assert.equal(cmd?.topic, topics.cmd('K0401', 'print-test'));
      assert.equal(cmd?.retain, false);
      assert.equal(cmd?.responseTopic, topics.cmdResult('K0401'));
      assert.equal(cmd?.correlationData?.toString('hex'), cmd?.payload.commandId);
      assert.equal(cmd?.messageExpiryInterval, 5);
      assert.deepEqual(cmd?.payload.args, { copies: 1 });
      assert.ok(Number(cmd?.payload.deadline) > Date.now());
    } finally {
      await kiosk.close();
    }
  });

  test('a failed command is a result, not an error', async () => {
    const kiosk = await startCommandResponder(broker.url, 'K0402', () => [
      { status: 'failed', error: 'no paper' },
    ]);
    try {
      const outcome = await sendCommand(console_, 'K0402', 'print-test', {}, 5000);
      assert.equal(outcome.kind === 'result' && outcome.result.error, 'no paper');
    } finally {
      await kiosk.close();
    }
  });

  test('no answer in time is unknown, and an accepted-only answer says so', async () => {
    const silent = await startCommandResponder(broker.url, 'K0403', () => 'silent');
    const acceptsOnly = await startCommandResponder(broker.url, 'K0404', () => [{ status: 'accepted' }]);
    try {
      const none = await sendCommand(console_, 'K0403', 'reboot', {}, 600);
      assert.equal(none.kind, 'unknown');
      assert.equal(none.kind === 'unknown' && none.accepted, false);
      assert.ok(none.elapsedMs >= 550);
      const accepted = await sendCommand(console_, 'K0404', 'reboot', {}, 600);
      assert.equal(accepted.kind === 'unknown' && accepted.accepted, true);
    } finally {
      await silent.close();
      await acceptsOnly.close();
    }
  });

  test("another command's result on the same topic is not taken for ours", async () => {
    const kiosk = await startCommandResponder(broker.url, 'K0405', () => 'silent');
    try {
      const pending = sendCommand(console_, 'K0405', 'reboot', {}, 800);
      await new Promise((r) => setTimeout(r, 200));
      await kiosk.client.publishAsync(
        topics.cmdResult('K0405'),
        JSON.stringify({ commandId: 'f'.repeat(32), status: 'succeeded' }),
        { qos: 1, properties: { correlationData: Buffer.alloc(16, 0xff) } },
      );
      assert.equal((await pending).kind, 'unknown');
    } finally {
      await kiosk.close();
    }
  });
});

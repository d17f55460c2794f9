import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MosquittoStartError, startMosquitto } from './mosquitto.ts';
import { connectClient } from './mqtt.ts';
import { freePort } from './net.ts';

async function reachable(url: string): Promise<boolean> {
  try {
    const c = await connectClient(url, { connectTimeout: 1000 });
    await c.endAsync();
    return true;
  } catch {
    return false;
  }
}

test('the broker stops, starts again on the same port, and can be killed', async () => {
  const broker = await startMosquitto();
  try {
    assert.equal(broker.url, `mqtt://127.0.0.1:${broker.port}`);
    assert.equal(await reachable(broker.url), true);
    await broker.stop();
    assert.equal(await reachable(broker.url), false);
    await broker.start();
    assert.equal(await reachable(broker.url), true);
    await broker.kill();
    assert.equal(await reachable(broker.url), false);
    await broker.start();
    assert.equal(await reachable(broker.url), true);
  } finally {
    await broker.stop();
  }
});

test('a given port is used', async () => {
  const port = await freePort();
  const broker = await startMosquitto({ port });
  try {
    assert.equal(broker.port, port);
    assert.equal(await reachable(`mqtt://127.0.0.1:${port}`), true);
  } finally {
    await broker.stop();
  }
});

test('a broken config fails with a typed error that quotes the broker', async () => {
  await assert.rejects(startMosquitto({ extraConfig: 'no_such_option 1' }), (err: unknown) => {
    assert.ok(err instanceof MosquittoStartError);
    assert.equal(err.code, 'MOSQUITTO_START_FAILED');
    assert.match(err.message, /no_such_option|exited/);
    return true;
  });
});

test("a dead test process's leftover dir is swept; a live one's is kept", async () => {
  const dead = spawnSync(process.execPath, ['-e', '0']).pid;
  const leftover = mkdtempSync(join(tmpdir(), `shequ-mosquitto-${dead}-`));
  const live = mkdtempSync(join(tmpdir(), `shequ-mosquitto-${process.ppid}-`));
  try {
    const broker = await startMosquitto();
    await broker.stop();
    assert.equal(existsSync(leftover), false);
    assert.equal(existsSync(live), true);
  } finally {
    rmSync(leftover, { recursive: true, force: true });
    rmSync(live, { recursive: true, force: true });
  }
});

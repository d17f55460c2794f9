/**
 * 1,000 simulated kiosks connected to one mosquitto, heartbeating (telemetry every 5 s, keepalive
 * 30 s): memory per kiosk agent and broker CPU, beside 1,000 bare MQTT.js clients publishing the
 * same heartbeat to the same broker in the same run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mqtt from 'mqtt';
import { type BenchResult, round } from '../../bench/types.ts';
import { startMosquitto } from '../../test/support/mosquitto.ts';
import { FleetAgent } from '../fleet-agent/agent.ts';
import { Outbox } from '../outbox/outbox.ts';
import { Store } from '../store/store.ts';

const KIOSKS = Number(process.env.SHEQU_BENCH_KIOSKS ?? 1000);
const HEARTBEAT_MS = 5_000;
const WINDOW_MS = 30_000;
const MB = 1024 * 1024;

function rss(): number {
  globalThis.gc?.();
  return process.memoryUsage().rss;
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
}

/** The newest mosquitto: the one this benchmark just started. */
function newestMosquittoPid(): number {
  return Number(execFileSync('pgrep', ['-n', '-x', 'mosquitto'], { encoding: 'utf8' }).trim());
}

async function measureBrokerCpu(pid: number): Promise<number> {
  const before = cpuSeconds(pid);
  await sleep(WINDOW_MS);
  return ((cpuSeconds(pid) - before) / (WINDOW_MS / 1000)) * 100;
}

export async function bench(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-bench-fleet-'));
  const broker = await startMosquitto({ extraConfig: 'max_connections -1' });
  const pid = newestMosquittoPid();
  try {
    // Anchor: bare clients with the same heartbeat.
    const base0 = rss();
    const bare: mqtt.MqttClient[] = [];
    for (let i = 0; i < KIOSKS; i++) {
      bare.push(
        await mqtt.connectAsync(broker.url, { clientId: `bare-${i}`, keepalive: 30, protocolVersion: 5 }),
      );
    }
    const timers = bare.map((c, i) =>
      setInterval(
        () =>
          c.publish(
            `v1/kiosks/bare-${i}/telemetry`,
            JSON.stringify({ ts: Date.now(), pad: 'x'.repeat(300) }),
          ),
        HEARTBEAT_MS,
      ),
    );
    const bareMem = (rss() - base0) / KIOSKS;
    const bareCpu = await measureBrokerCpu(pid);
    for (const t of timers) clearInterval(t);
    await Promise.all(bare.map((c) => c.endAsync()));
    await sleep(1000);

    // Shequ: a store, an outbox and a fleet agent per kiosk.
    const base1 = rss();
    const agents: FleetAgent[] = [];
    for (let i = 0; i < KIOSKS; i++) {
      const kioskDir = join(dir, `k${i}`);
      mkdirSync(kioskDir);
      const store = await Store.open(join(kioskDir, 'log'));
      const outbox = await Outbox.open(kioskDir, store);
      const agent = new FleetAgent({
        kioskId: `K-SCALE-${String(i).padStart(4, '0')}`,
        brokerUrl: broker.url,
        protocolVersion: 5,
        dataDir: kioskDir,
        outbox,
        version: 'bench',
        telemetryIntervalMs: HEARTBEAT_MS,
        telemetry: () => ({ reader: { state: 'ok' }, printer: { state: 'ok' }, queue: { waiting: 3 } }),
      });
      await agent.start();
      agents.push(agent);
    }
    const deadline = Date.now() + 60_000;
    while (agents.some((a) => !a.uplink.connected) && Date.now() < deadline) await sleep(100);
    const connected = agents.filter((a) => a.uplink.connected).length;
    const agentMem = (rss() - base1) / KIOSKS;
    const agentCpu = await measureBrokerCpu(pid);
    await Promise.all(agents.map((a) => a.close()));
    return {
      name: 'fleet-scale',
      metrics: {
        kiosks_connected: connected,
        memory_kb_per_kiosk: round(agentMem / 1024, 1),
        broker_cpu_percent: round(agentCpu, 2),
      },
      anchor: {
        kiosks_connected: KIOSKS,
        memory_kb_per_kiosk: round(bareMem / 1024, 1),
        broker_cpu_percent: round(bareCpu, 2),
      },
      ratio: {
        memory_kb_per_kiosk: round(agentMem / bareMem, 2),
        broker_cpu_percent: round(agentCpu / Math.max(bareCpu, 0.01), 2),
      },
      notes: `${KIOSKS} kiosks in one process on one mosquitto, telemetry every ${HEARTBEAT_MS / 1000} s, broker CPU over ${WINDOW_MS / 1000} s; shequ: store + outbox + fleet agent (retained birth, will, subscriptions to ack, ingest state) per kiosk; anchor: a bare MQTT.js client per kiosk publishing the same heartbeat. Memory in KB of RSS per kiosk (${round(rss() / MB, 0)} MB RSS at the end).`,
    };
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * SMS throughput and latency through the whole notification service, against the test SMSC on
 * 127.0.0.1 (the smpp package's server), window 10:
 *  - 10,000 messages queued in pg-boss (PGlite, the embedded default; then PostgreSQL 15), sent by
 *    the worker through SmppGateway, receipts recorded: messages per second from the worker's start
 *    to the last submit_sm_resp, and the share of messages whose state reached 'delivered'.
 *    Anchor, same run, same SMSC: a bare `smpp` client loop keeping 10 submit_sm in flight.
 *  - "N people ahead" → submit_sm: from the notifyOn() call (what central's ingest makes when the
 *    ticket transaction arrives) to the submit_sm at the SMSC, p50/p95 over 200 tickets, one at a
 *    time. Anchor: a bare submit_sm → submit_sm_resp round trip. This is the central-only part.
 *  - The whole leg, kiosk → outbox → broker → ingest → notifier → SMSC (kiosk-turn-near.ts): from
 *    the counter call's HTTP response that brings an opted-in ticket to N ahead to its submit_sm,
 *    p50/p95 over up to 60 tickets in 300 s, with the outbox draining (the stand-in ingest acks). Anchors: a bare MQTT publish → receive through the same
 *    broker, and a bare submit_sm round trip.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import smpp from 'smpp';
import { type BenchResult, median, percentile, round } from '../../../bench/types.ts';
import { startPostgres } from '../../../test/support/postgres.ts';
import { type CentralDb, openCentralDb } from '../../db/central-db.ts';
import { messageState } from '../message-store.ts';
import { Notifier } from '../notifier.ts';
import { PhoneVault, readVaultKeyFile, writeVaultKeyFile } from '../phone-vault.ts';
import { encodeParts } from '../segments.ts';
import { startTestSmsc, type TestSmsc } from '../sim/test-smsc.ts';
import { SmppGateway } from '../smpp/smpp-gateway.ts';
import { testPhone } from '../testing/phones.ts';
import { kioskTurnNear } from './kiosk-turn-near.ts';

/** SHEQU_BENCH_QUICK=1 runs a tenth of it, for trying the benchmark out. */
const TOTAL = process.env.SHEQU_BENCH_QUICK ? 1000 : 10_000;
const WINDOW = 10;
const LATENCY_SAMPLES = 200;
// The stand-in ingest acks as real ingest does, so the outbox drains and the window never fills.
const KIOSK_SAMPLES = 60;
const KIOSK_BUDGET_MS = 300_000;
const TEXT = '【社区服务】您的A023号前面还有3人，请回到大厅留意叫号。回TD退订';

function gateway(smsc: TestSmsc): SmppGateway {
  return new SmppGateway({
    host: '127.0.0.1',
    port: smsc.port,
    systemId: 'shequ',
    password: 'test-pw',
    sourceAddr: '106900000001',
    window: WINDOW,
  });
}

async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function throughput(db: CentralDb, vault: PhoneVault, smsc: TestSmsc, offset: number) {
  const config = { quietHours: null };
  const producer = await Notifier.start({ db, vault, gateway: gateway(smsc), config, worker: false });
  const ids: string[] = [];
  const t0 = performance.now();
  for (let i = 0; i < TOTAL; i++)
    ids.push((await producer.testSend(testPhone(offset + i), TEXT.slice(6)))[0]!.id);
  const enqueueS = (performance.now() - t0) / 1000;
  await producer.close();
  const accepted0 = smsc.accepted.length;
  const gw = gateway(smsc);
  const t1 = performance.now();
  const worker = await Notifier.start({ db, vault, gateway: gw, config });
  await until(() => smsc.accepted.length - accepted0 >= TOTAL, 600_000, 'all submitted');
  const sendS = (performance.now() - t1) / 1000;
  await until(
    async () =>
      (
        await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM notify_message WHERE state = 'delivered'",
        )
      )[0]!.n >= TOTAL,
    120_000,
    'receipts',
  ).catch(() => {});
  const deliveredS = (performance.now() - t1) / 1000;
  const [delivered] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM notify_message WHERE state = 'delivered' AND id = ANY($1::bigint[])",
    [ids],
  );
  const sample = await messageState(db, ids[0]!);
  await worker.close();
  const submittedTwice = smsc.accepted.length - accepted0 - TOTAL;
  return {
    enqueuePerS: round(TOTAL / enqueueS, 0),
    sendPerS: round(TOTAL / sendS, 0),
    deliveredPerS: round(TOTAL / deliveredS, 0),
    deliveredShare: round(delivered!.n / TOTAL, 4),
    submittedTwice,
    sampleState: sample?.state,
  };
}

async function bareLoop(smsc: TestSmsc): Promise<{ perS: number; share: number; rttMs: number[] }> {
  const session = smpp.connect({ host: '127.0.0.1', port: smsc.port });
  await new Promise<void>((resolve, reject) => {
    session.on('connect', () =>
      session.bind_transceiver({ system_id: 'shequ', password: 'test-pw' }, (pdu) =>
        pdu.command_status === 0 ? resolve() : reject(new Error('bind')),
      ),
    );
  });
  session.on('deliver_sm', (pdu) => session.send(pdu.response()));
  const [part] = encodeParts(TEXT, 1);
  const submit = (i: number) =>
    new Promise<number>((resolve) =>
      session.submit_sm(
        {
          destination_addr: `86${testPhone(900_000 + i)}`,
          source_addr: '106900000001',
          registered_delivery: 1,
          data_coding: 8,
          short_message: part!.shortMessage,
        },
        (pdu) => resolve(pdu.command_status),
      ),
    );
  let sent = 0;
  let ok = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: WINDOW }, async () => {
      while (sent < TOTAL) {
        const i = sent++;
        if ((await submit(i)) === 0) ok++;
      }
    }),
  );
  const perS = TOTAL / ((performance.now() - t0) / 1000);
  const rttMs: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const t = performance.now();
    await submit(TOTAL + i);
    rttMs.push(performance.now() - t);
  }
  await new Promise<void>((resolve) => session.unbind({}, () => resolve()));
  session.close();
  return { perS: round(perS, 0), share: round(ok / TOTAL, 4), rttMs };
}

async function turnNearLatency(db: CentralDb, vault: PhoneVault, smsc: TestSmsc): Promise<number[]> {
  const worker = await Notifier.start({ db, vault, gateway: gateway(smsc), config: { quietHours: null } });
  const seen = smsc.accepted.length;
  const latencies: number[] = [];
  try {
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      await worker.subscribe({
        kioskId: 'K-BENCH',
        topic: { kind: 'queue.ahead', ticketId: `LT-${i}`, number: `A${i}`, ahead: 3 },
        phone: testPhone(800_000 + i),
      });
    }
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const dest = testPhone(800_000 + i);
      const t0 = performance.now();
      await worker.notifyOn({
        kind: 'queue.ahead',
        kioskId: 'K-BENCH',
        ticketId: `LT-${i}`,
        number: `A${i}`,
        ahead: 3,
      });
      await until(
        () => {
          for (let k = smsc.accepted.length - 1; k >= seen; k--)
            if (smsc.accepted[k]!.dest === dest) return true;
          return false;
        },
        30_000,
        'turn-near submit',
      );
      latencies.push(performance.now() - t0);
    }
  } finally {
    await worker.close();
  }
  return latencies;
}

/** Where the run is, on stderr (a run takes minutes; on a loaded machine, many). */
const phase = (what: string) => process.stderr.write(`notify-smpp ${new Date().toISOString()} ${what}\n`);

export async function bench(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-notify-bench-'));
  const keyFile = join(dir, 'notify.key');
  writeVaultKeyFile(keyFile);
  const vault = new PhoneVault(readVaultKeyFile(keyFile));
  const smsc = await startTestSmsc();
  const pg = await startPostgres();
  try {
    phase('bare smpp loop');
    const bare = await bareLoop(smsc);
    const lite = await openCentralDb();
    phase(`${TOTAL} through SMPP on PGlite`);
    const onLite = await throughput(lite, vault, smsc, 0);
    phase('turn-near latency (central part)');
    const latency = await turnNearLatency(lite, vault, smsc);
    await lite.close();
    const server = await openCentralDb(pg.url);
    phase(`${TOTAL} through SMPP on PostgreSQL`);
    const onPg = await throughput(server, vault, smsc, 100_000);
    await server.close();
    const bareAgain = await bareLoop(smsc);
    phase('kiosk turn-near leg');
    const kiosk = await kioskTurnNear(KIOSK_SAMPLES, KIOSK_BUDGET_MS);
    phase('done');
    const kioskP95 = percentile(kiosk.fromResponseMs, 95);
    const kioskAnchorP95 = percentile(kiosk.mqttRttMs, 95) + percentile(kiosk.submitRttMs, 95);
    const anchorPerS = median([bare.perS, bareAgain.perS]);
    const rtt = [...bare.rttMs, ...bareAgain.rttMs];
    const p95 = round(percentile(latency, 95), 1);
    const rttP95 = round(percentile(rtt, 95), 2);
    return {
      name: 'notify-smpp',
      metrics: {
        'smpp_msg_per_s.pglite': onLite.sendPerS,
        'smpp_msg_per_s.postgres': onPg.sendPerS,
        'delivered_share.pglite': onLite.deliveredShare,
        'delivered_share.postgres': onPg.deliveredShare,
        'delivered_msg_per_s.pglite': onLite.deliveredPerS,
        'delivered_msg_per_s.postgres': onPg.deliveredPerS,
        'enqueue_msg_per_s.pglite': onLite.enqueuePerS,
        'enqueue_msg_per_s.postgres': onPg.enqueuePerS,
        'submitted_twice.pglite': onLite.submittedTwice,
        'submitted_twice.postgres': onPg.submittedTwice,
        'turn_near_to_submit_ms.p50': round(percentile(latency, 50), 1),
        'turn_near_to_submit_ms.p95': p95,
        'kiosk_turn_near_to_submit_ms.p50': round(percentile(kiosk.fromResponseMs, 50), 1),
        'kiosk_turn_near_to_submit_ms.p95': round(kioskP95, 1),
        'kiosk_turn_near_from_request_ms.p95': round(percentile(kiosk.fromRequestMs, 95), 1),
        kiosk_turn_near_samples: kiosk.fromResponseMs.length,
        'kiosk_outbox_depth_at_call.max': Math.max(...kiosk.outboxDepthAtCall),
        'kiosk_outbox_depth_at_call.median': median(kiosk.outboxDepthAtCall),
        kiosk_outbox_depth_after: kiosk.outboxDepthAfter,
      },
      anchor: {
        'smpp_msg_per_s.pglite': anchorPerS,
        'smpp_msg_per_s.postgres': anchorPerS,
        'delivered_share.pglite': bare.share,
        'delivered_share.postgres': bare.share,
        'turn_near_to_submit_ms.p50': round(percentile(rtt, 50), 2),
        'turn_near_to_submit_ms.p95': rttP95,
        'kiosk_turn_near_to_submit_ms.p50': round(
          percentile(kiosk.mqttRttMs, 50) + percentile(kiosk.submitRttMs, 50),
          2,
        ),
        'kiosk_turn_near_to_submit_ms.p95': round(kioskAnchorP95, 2),
        'kiosk_mqtt_publish_receive_ms.p95': round(percentile(kiosk.mqttRttMs, 95), 2),
        'kiosk_bare_submit_rtt_ms.p95': round(percentile(kiosk.submitRttMs, 95), 2),
      },
      ratio: {
        'smpp_msg_per_s.pglite': round(onLite.sendPerS / anchorPerS, 2),
        'smpp_msg_per_s.postgres': round(onPg.sendPerS / anchorPerS, 2),
        'turn_near_to_submit_ms.p95': round(p95 / rttP95, 1),
        'kiosk_turn_near_to_submit_ms.p95': round(kioskP95 / kioskAnchorP95, 1),
      },
      notes:
        `shequ: ${TOTAL} messages queued in pg-boss, then sent by the notification worker through SmppGateway (window ${WINDOW}) ` +
        'to the test SMSC on 127.0.0.1, every receipt recorded; msg/s from worker start to the last submit; delivered = state ' +
        "'delivered' after receipts. Anchor: a bare smpp client loop, 10 submit_sm in flight, same SMSC (median of a run " +
        `before and after). Turn-near: notifyOn(queue.ahead) → submit_sm at the SMSC, ${LATENCY_SAMPLES} tickets one at a time ` +
        '(PGlite); anchor = bare submit_sm round trip: the central-only part. Kiosk turn-near: the whole leg on the SMS ' +
        'opt-in e2e system (the appliance as npm start assembles it, mosquitto with the shipped ACL, an svc-ingest stand-in ' +
        'applying transactions to the notifier on PGlite/pg-boss, the kiosk opt-in service, the test SMSC): per ticket, ' +
        'opt-in at the kiosk HTTP API with N=2, then the counter call (staff HTTP API) that brings it to 2 ahead; from that ' +
        `call's HTTP response to the submit_sm at the SMSC (ms clock), ${kiosk.fromResponseMs.length} tickets (at most ` +
        `${KIOSK_SAMPLES} in ${KIOSK_BUDGET_MS / 1000} s), queue emptied between tickets. The stand-in acks each ` +
        "transaction ({acks:[{txId, r:'ok'}]} on v1/kiosks/{id}/ack) once the notifier has applied it, as real ingest does " +
        "after its commit, so the kiosk's outbox drains normally (its depth at each call and after the run are in the metrics). Anchor = p95 " +
        'of a bare MQTT QoS 1 publish → receive through the same broker (kiosk tx topic → svc-ingest) plus p95 of a bare ' +
        'submit_sm round trip.',
    };
  } finally {
    await smsc.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

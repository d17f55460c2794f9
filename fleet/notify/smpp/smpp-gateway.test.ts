import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InboundSms } from '../gateway.ts';
import { PermanentSendError } from '../gateway.ts';
import type { DeliveryReceipt } from '../receipt.ts';
import { startTestSmsc, type TestSmsc } from '../sim/test-smsc.ts';
import { testPhone } from '../testing/phones.ts';
import { SmppGateway, type SmppGatewayOptions } from './smpp-gateway.ts';

let smsc: TestSmsc;
const receipts: DeliveryReceipt[] = [];
const inbound: InboundSms[] = [];
const handlers = {
  onReceipt: async (r: DeliveryReceipt) => {
    receipts.push(r);
  },
  onInbound: async (m: InboundSms) => {
    inbound.push(m);
  },
};

before(async () => {
  smsc = await startTestSmsc();
});
after(() => smsc.stop());

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function gateway(extra: Partial<SmppGatewayOptions> = {}): Promise<SmppGateway> {
  const gw = new SmppGateway({
    host: '127.0.0.1',
    port: smsc.port,
    systemId: 'shequ',
    password: 'test-pw',
    sourceAddr: '106900000001',
    reconnectMinMs: 20,
    reconnectMaxMs: 200,
    ...extra,
  });
  await gw.start(handlers);
  return gw;
}

let seq = 0;
const nextPhone = () => testPhone(1000 + seq++);

test('wrong credentials never bind; the right ones do', async () => {
  const before = smsc.counts.bindFailures;
  const bad = await gateway({ password: 'wrong' });
  await until('two refused binds', () => smsc.counts.bindFailures >= before + 2);
  assert.equal(bad.bound, false);
  await bad.close();
  const good = await gateway();
  await good.whenBound();
  await good.close();
  assert.ok(smsc.counts.unbinds >= 1, 'close unbinds');
});

test('Chinese text goes as UCS-2; a long one is split with UDH and arrives whole, rare characters intact', async () => {
  const gw = await gateway();
  try {
    const shortTo = nextPhone();
    const longTo = nextPhone();
    const short = '【社区服务】您的A023号前面还有3人。';
    const long = `【社区服务】您的申请需补正材料：${'户口簿复印件、'.repeat(20)}𠀀𪚥结束。`;
    const [one, many] = await Promise.all([
      gw.send({ messageId: 'm1', to: shortTo, text: short }),
      gw.send({ messageId: 'm2', to: longTo, text: long }),
    ]);
    assert.equal(one.gatewayIds.length, 1);
    assert.ok(many.gatewayIds.length >= 3, 'split into parts');
    const got = smsc.messages();
    assert.equal(got.find((m) => m.dest === shortTo)?.text, short);
    assert.equal(got.find((m) => m.dest === longTo)?.text, long);
    await until('receipts', () => many.gatewayIds.every((id) => receipts.some((r) => r.smscId === id)));
    assert.ok(receipts.filter((r) => many.gatewayIds.includes(r.smscId)).every((r) => r.stat === 'DELIVRD'));
  } finally {
    await gw.close();
  }
});

test('receipts report UNDELIV and EXPIRED; a refused number fails for good; a reply reaches the service', async () => {
  const gw = await gateway();
  try {
    const gone = nextPhone();
    const off = nextPhone();
    smsc.setOutcome(gone, 'UNDELIV');
    smsc.setOutcome(off, 'EXPIRED');
    const a = await gw.send({ messageId: 'a', to: gone, text: '测试' });
    const b = await gw.send({ messageId: 'b', to: off, text: '测试' });
    await until('both receipts', () => receipts.some((r) => r.smscId === b.gatewayIds[0]));
    assert.equal(receipts.find((r) => r.smscId === a.gatewayIds[0])?.stat, 'UNDELIV');
    assert.equal(receipts.find((r) => r.smscId === b.gatewayIds[0])?.stat, 'EXPIRED');
    await assert.rejects(
      gw.send({ messageId: 'c', to: '12345', text: '测试' }),
      (err: unknown) => err instanceof PermanentSendError && err.reason === 'ESME_RINVDSTADR',
    );
    const from = nextPhone();
    await smsc.sendMo(`86${from}`, 'TD');
    assert.deepEqual(inbound.at(-1), { from: `86${from}`, text: 'TD' });
  } finally {
    await gw.close();
  }
});

test('the window caps submits without an answer; throttling pauses and nothing is lost', async () => {
  const slow = await startTestSmsc({ responseDelayMs: 20 });
  const gw = new SmppGateway({
    host: '127.0.0.1',
    port: slow.port,
    systemId: 'shequ',
    password: 'test-pw',
    sourceAddr: '1069',
    window: 4,
    throttleBackoffMs: 20,
  });
  await gw.start(handlers);
  try {
    slow.throttle(3);
    const to = Array.from({ length: 30 }, nextPhone);
    await Promise.all(to.map((t, i) => gw.send({ messageId: `w${i}`, to: t, text: '窗口' })));
    assert.equal(slow.maxOutstanding, 4);
    assert.equal(gw.stats.throttled, 3);
    assert.deepEqual(slow.accepted.map((p) => p.dest).sort(), [...to].sort(), 'each exactly once');
  } finally {
    await gw.close();
    await slow.stop();
  }
});

test('a connection dropped mid-window: answered parts are not sent again, unanswered ones are, after a rebind', async () => {
  const gw = await gateway({ window: 10 });
  try {
    await gw.whenBound();
    const binds = smsc.counts.binds;
    const start = smsc.accepted.length;
    smsc.dropConnectionAfter(7);
    const to = Array.from({ length: 40 }, nextPhone);
    await Promise.all(to.map((t, i) => gw.send({ messageId: `d${i}`, to: t, text: '断线' })));
    const mine = smsc.accepted.slice(start).map((p) => p.dest);
    assert.deepEqual([...mine].sort(), [...to].sort(), 'every message once, none twice');
    assert.equal(smsc.counts.binds, binds + 1);
    assert.ok(gw.stats.resubmitted >= 1);
  } finally {
    await gw.close();
  }
});

test('SMSC down: sends wait and go out once it is back; too long a wait fails as transient', async () => {
  const gw = await gateway({ sendTimeoutMs: 60_000 });
  await gw.whenBound();
  const quick = await gateway({ sendTimeoutMs: 300 });
  await quick.whenBound();
  try {
    await smsc.down();
    const to = nextPhone();
    const waiting = gw.send({ messageId: 'late', to, text: '稍后' });
    await assert.rejects(
      quick.send({ messageId: 'x', to: nextPhone(), text: '超时' }),
      /not submitted within 300 ms/,
    );
    await smsc.up();
    const outcome = await waiting;
    assert.equal(smsc.accepted.filter((p) => p.dest === to).length, 1);
    assert.equal(outcome.gatewayIds.length, 1);
  } finally {
    await gw.close();
    await quick.close();
  }
});

test('enquire_link keeps the link checked; an unbind from the SMSC is answered and followed by a rebind', async () => {
  const gw = await gateway({ enquireLinkMs: 30 });
  try {
    await gw.whenBound();
    const links = smsc.counts.enquireLinks;
    await until('enquire_link', () => smsc.counts.enquireLinks >= links + 2);
    const binds = smsc.counts.binds;
    smsc.unbindAll();
    await until('rebind', () => smsc.counts.binds > binds && gw.bound);
    const to = nextPhone();
    await gw.send({ messageId: 'after', to, text: '重连后' });
    assert.equal(smsc.accepted.filter((p) => p.dest === to).length, 1);
  } finally {
    await gw.close();
  }
});

test('the per-bind rate cap spaces submits out (2 a second after a burst of 2)', async () => {
  const gw = await gateway({ submitsPerSecond: 2 });
  try {
    await gw.whenBound();
    const to = Array.from({ length: 6 }, nextPhone);
    await Promise.all(to.map((t, i) => gw.send({ messageId: `r${i}`, to: t, text: '限速' })));
    const times = smsc.accepted.filter((p) => to.includes(p.dest)).map((p) => p.at);
    assert.equal(times.length, 6);
    assert.ok(
      Math.max(...times) - Math.min(...times) >= 1500,
      'four submits after the burst need two seconds',
    );
  } finally {
    await gw.close();
  }
});

/**
 * Card-less tickets under their limits, through HTTP: paired kiosk screens and an unpaired client
 * of the LAN take numbers until a limit answers, and staff still issue by hand.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hallLimitPaths } from '../../contract/api.ts';
import { clientAddress, requestFrom } from '../../test/support/from-address.ts';
import { startTestAppliance, type TestAppliance } from './test-appliance.ts';

let t: TestAppliance;
before(async () => {
  t = await startTestAppliance((config) => ({
    ...config,
    // 综合咨询 gets a short range so its daily shares are reached in a few tickets.
    services: config.services.map((s) => (s.id === 'consult' ? { ...s, lastNumber: 20 } : s)),
    limits: {
      ...config.limits,
      cardless: {
        perScreen: { burst: 4, perMinute: 0.1 },
        perService: { burst: 12, perMinute: 0.1 },
        serviceDailyShare: 0.5,
        unpairedDailyShare: 0.1,
      },
    },
  }));
});
after(() => t.close());

const take = (serviceId: string, headers: Record<string, string>) =>
  t.call('POST', '/api/tickets', { serviceId, withCard: false }, headers);

test('one kiosk screen is held to its rate with a message in both languages; another screen is not', async () => {
  for (let i = 0; i < 4; i++) assert.equal((await take('social-security', t.kiosk)).status, 201);
  const refused = await take('social-security', t.kiosk);
  assert.equal(refused.status, 429);
  assert.equal(refused.json.error.code, 'tickets.screen-rate');
  assert.match(refused.json.error.message, /本机取号太频繁/);
  assert.match(refused.json.error.message, /ask staff at a counter/);
  assert.ok(Number(refused.headers.get('retry-after')) >= 1);
  assert.equal((await take('social-security', await t.pair('kiosk'))).status, 201);
});

test('all screens together are held to the service rate; other services go on', async () => {
  let taken = 5; // by the test above
  let answer = 201;
  let screen = await t.pair('kiosk');
  while (answer === 201 && taken < 40) {
    const r = await take('social-security', screen);
    answer = r.status;
    if (r.status === 201) taken++;
    else if (r.json.error.code === 'tickets.screen-rate') {
      screen = await t.pair('kiosk');
      answer = 201;
    } else assert.equal(r.json.error.code, 'tickets.service-rate');
  }
  assert.equal(answer, 429);
  assert.equal(taken, 12, 'the service burst, and not one more');
  assert.equal((await take('elderly-care', screen)).status, 201);
});

test('an unpaired client gets only its small daily share of a service', async () => {
  const lan = clientAddress(7);
  const from = () =>
    requestFrom(lan, `${t.running.url}/api/tickets`, {
      method: 'POST',
      body: { serviceId: 'consult', withCard: false },
    });
  assert.equal((await from()).status, 201);
  assert.equal((await from()).status, 201);
  const third = await from();
  assert.equal(third.status, 429);
  assert.equal(third.json.error.code, 'tickets.client-share');
  assert.match(third.json.error.message, /请到服务窗口由工作人员为您取号/);
});

test("card-less tickets stop at the service's daily share, and staff issue by hand past it", async () => {
  let taken = 2; // the unpaired client's
  let last = await take('consult', await t.pair('kiosk'));
  for (let screens = 0; screens < 5 && last.status !== 429; screens++) {
    const screen = await t.pair('kiosk');
    for (let i = 0; i < 4; i++) {
      last = await take('consult', screen);
      if (last.status !== 201) break;
      taken++;
    }
  }
  taken++; // the first take above
  assert.equal(last.status, 429);
  assert.equal(last.json.error.code, 'tickets.service-share');
  assert.equal(taken, 10, 'half of the 20 numbers');
  assert.equal((await t.call('POST', hallLimitPaths.staffTickets, { serviceId: 'consult' })).status, 401);
  const staff = await t.login();
  const byHand = await t.call('POST', hallLimitPaths.staffTickets, { serviceId: 'consult' }, staff);
  assert.equal(byHand.status, 201, JSON.stringify(byHand.json));
  assert.equal(byHand.json.ticket.number, 'E011');
});

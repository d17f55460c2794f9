/**
 * The names a panel certificate may carry: what reaches the certificate is what was compared with
 * the broker's names, so a kiosk cannot get a serverAuth certificate a client would accept for the
 * broker (an address written another way, a name in a different case, a name under the broker's
 * wildcard). Checked on the certificate central signs, not only on the verdict.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { x509 } from '../../platform/pki/x509.ts';
import { makePanelAsk } from '../../provisioning/identity/panel-cert.ts';
import { checkPanelNames, issuePanelCertificate } from './panel-cert.ts';
import { createCa } from './pki.ts';

const broker = ['10.0.0.1', '192.168.1.10', 'mqtt.district.lan', '*.x.lan'];

describe('panel certificate names', () => {
  for (const name of [
    '010.0.0.1',
    '192.168.001.010',
    '10.0.0.01',
    '10.1',
    '167772161',
    '0xa.0.0.1',
    '0x0a000001',
    '10.0.0.0x1',
    '192.168.1.010',
  ]) {
    it(`refuses ${name}: an address not in canonical dotted form`, () => {
      const verdict = checkPanelNames([name], broker);
      assert.ok('problem' in verdict, `${name} accepted as ${JSON.stringify(verdict)}`);
    });
  }

  for (const name of ['10.0.0.1', '192.168.1.10', 'MQTT.District.LAN', 'mqtt.x.lan', 'HALL.X.LAN']) {
    it(`refuses ${name}: the broker answers to it`, () => {
      const verdict = checkPanelNames([name], broker);
      assert.ok('problem' in verdict && /name of the broker/.test(verdict.problem), JSON.stringify(verdict));
    });
  }

  it('a broker wildcard covers one label only, as a TLS client reads it', () => {
    assert.deepEqual(checkPanelNames(['a.b.x.lan', 'x.lan'], broker), {
      ip: [],
      dns: ['a.b.x.lan', 'x.lan'],
    });
  });

  it('takes canonical private addresses, loopback and host names, lower case', () => {
    assert.deepEqual(
      checkPanelNames(['192.168.1.20', '127.0.0.1', 'localhost', '::1', 'Hall-Kiosk.lan'], broker),
      {
        ip: ['192.168.1.20', '127.0.0.1', '::1'],
        dns: ['localhost', 'hall-kiosk.lan'],
      },
    );
    assert.ok('problem' in checkPanelNames(['8.8.8.8'], broker));
  });

  it('the signed certificate carries exactly the names that were compared', async () => {
    const ca = await createCa('Test Device CA', new Date(Date.now() - 60_000));
    const asked = ['192.168.1.20', 'hall.lan'];
    const { ask } = await makePanelAsk('kiosk-0001', asked);
    const issued = await issuePanelCertificate({ ca, reservedNames: broker }, 'kiosk-0001', ask, Date.now());
    assert.ok('certificate' in issued, JSON.stringify(issued));
    const san = new x509.X509Certificate(issued.certificate).getExtension(
      x509.SubjectAlternativeNameExtension,
    );
    assert.deepEqual((san?.names.toJSON() ?? []).map((n) => n.value).sort(), [...asked].sort());
    const { ask: sneaky } = await makePanelAsk('kiosk-0001', ['010.0.0.1']);
    const refused = await issuePanelCertificate(
      { ca, reservedNames: broker },
      'kiosk-0001',
      sneaky,
      Date.now(),
    );
    assert.ok('refused' in refused, 'a certificate for the broker address written with a leading zero');
  });
});

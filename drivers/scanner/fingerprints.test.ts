import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchScanner, SCANNER_FINGERPRINTS } from './fingerprints.ts';

describe('scanner fingerprints', () => {
  it('matches a documented product ID before the vendor-wide entry', () => {
    const c = matchScanner({ path: '/dev/hidraw2', vendorId: 0x05e0, productId: 0x1200 }, 'hid');
    assert.equal(c?.fingerprint.name, 'Zebra/Symbol scanner, HID keyboard emulation');
    assert.equal(c?.match, 'exact');
    const serial = matchScanner({ path: '/dev/ttyACM0', vendorId: '05e0', productId: '0600' }, 'serial');
    assert.equal(serial?.fingerprint.transport, 'serial');
  });

  it('matches any product of a scanner maker, from serialport hex strings too', () => {
    const c = matchScanner({ path: '/dev/ttyACM1', vendorId: '1eab', productId: '0d10' }, 'serial');
    assert.equal(c?.fingerprint.vendorId, 0x1eab);
    assert.equal(c?.fingerprint.certainty, 'guess');
    assert.equal(c?.productId, 0x0d10);
  });

  it('offers a generic USB-serial bridge for confirmation only, and never as HID', () => {
    const bridge = { path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523' };
    assert.equal(matchScanner(bridge, 'serial')?.match, 'confirm');
    assert.equal(matchScanner(bridge, 'hid'), null);
  });

  it('ignores unknown devices and devices without a path or IDs', () => {
    assert.equal(matchScanner({ path: '/dev/hidraw0', vendorId: 0x046d, productId: 0xc31c }, 'hid'), null);
    assert.equal(matchScanner({ vendorId: 0x0c2e, productId: 1 }, 'hid'), null);
    assert.equal(matchScanner({ path: '/dev/ttyS0' }, 'serial'), null);
  });

  it('marks every vendor-wide entry as a guess', () => {
    for (const f of SCANNER_FINGERPRINTS) {
      if (f.productId === undefined) assert.equal(f.certainty, 'guess', f.name);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { printerProfiles } from '../../drivers/printer/index.ts';
import { knownProfiles, ProfileError, parseProfiles } from './load-profiles.ts';
import { matchDevice } from './match.ts';

describe('hardware profiles', () => {
  it('the shipped profiles validate and cover readers, scanners and printers', () => {
    const profiles = knownProfiles();
    for (const kind of ['reader', 'scanner', 'printer']) {
      assert.ok(
        profiles.some((p) => p.kind === kind),
        kind,
      );
    }
  });

  it('every printer profile names a driver profile that exists, with the same width and font coverage', () => {
    for (const p of knownProfiles()) {
      if (p.kind !== 'printer') continue;
      const driver = printerProfiles[p.driverProfile];
      assert.ok(driver, `${p.id}: driver profile ${p.driverProfile}`);
      assert.equal(driver.widthDots, p.widthDots, p.id);
      assert.equal(driver.columns, p.columns, p.id);
      assert.equal(driver.fontCoverage, p.fontCoverage, p.id);
    }
  });

  it('refuses a bad profile list with the field named, and duplicate IDs', () => {
    const good = knownProfiles()[0];
    assert.throws(() => parseProfiles([{ ...good, usb: [{ vendorId: 'XYZ' }] }]), /\/0\/usb\/0\/vendorId/);
    assert.throws(() => parseProfiles([good, good]), ProfileError);
    assert.throws(() => parseProfiles([{ ...good, kind: 'toaster' }]), ProfileError);
  });

  it('matches exact VID/PID over vendor-only, and flags generic bridge chips for confirmation', () => {
    const profiles = knownProfiles();
    const epson = matchDevice({ vendorId: '04B8', productId: '0202', source: 'usb' }, profiles);
    assert.deepEqual(
      epson.map((m) => [m.profile.id, m.strength]),
      [['epson-tm-t88-usb', 'exact']],
    );
    const honeywell = matchDevice({ vendorId: '0c2e', productId: '0b87', source: 'usb' }, profiles);
    assert.deepEqual(
      honeywell.map((m) => [m.profile.id, m.strength]),
      [['honeywell-hid-keyboard', 'vendor']],
    );
    const ch340 = matchDevice({ vendorId: '1a86', productId: '7523', source: 'serial' }, profiles);
    assert.deepEqual(
      ch340.map((m) => m.strength),
      ['confirm'],
    );
    assert.deepEqual(matchDevice({ vendorId: '1d6b', productId: '0002', source: 'usb' }, profiles), []);
  });
});

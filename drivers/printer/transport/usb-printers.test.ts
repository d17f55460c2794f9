import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PrinterSession } from '../session/printer-session.ts';
import { waitFor } from '../test-support.ts';
import { UsbPrinterTransport } from './usb.ts';
import { listUsbPrinters, matchFingerprint } from './usb-printers.ts';

/** A fake sysfs + /dev: usblp devices lpN backed by plain files we can read back. */
async function fakeSystem(
  devices: { lp: string; vid: string; pid: string; serial?: string; port: string }[],
) {
  const root = await mkdtemp(join(tmpdir(), 'shequ-usb-'));
  const sys = join(root, 'sys');
  const dev = join(root, 'dev');
  await mkdir(join(sys, 'class/usbmisc'), { recursive: true });
  await mkdir(join(dev, 'usb'), { recursive: true });
  for (const d of devices) {
    const usbDevice = join(sys, 'devices/pci0000:00/usb1', d.port);
    const iface = join(usbDevice, `${d.port}:1.0`);
    await mkdir(join(iface, 'usbmisc', d.lp), { recursive: true });
    await writeFile(join(usbDevice, 'idVendor'), `${d.vid}\n`);
    await writeFile(join(usbDevice, 'idProduct'), `${d.pid}\n`);
    await writeFile(join(usbDevice, 'manufacturer'), 'Printer Maker\n');
    if (d.serial) await writeFile(join(usbDevice, 'serial'), `${d.serial}\n`);
    await mkdir(join(sys, 'class/usbmisc', d.lp));
    await symlink(iface, join(sys, 'class/usbmisc', d.lp, 'device'));
    await writeFile(join(dev, 'usb', d.lp), '');
  }
  return { root, sys, dev };
}

test('fingerprints: exact VID:PID first, then vendor-wide; generic chips are flagged', () => {
  assert.equal(matchFingerprint('04B8', '0202')?.profileId, 'epson-tm-t88');
  assert.equal(matchFingerprint('04b8', '0e28')?.conflictProne, true);
  assert.equal(matchFingerprint('0416', '5011')?.conflictProne, true);
  assert.equal(matchFingerprint('1234', '5678'), undefined);
});

test('lists usblp printers with their VID/PID from sysfs', async (t) => {
  const fake = await fakeSystem([
    { lp: 'lp1', vid: '04b8', pid: '0202', serial: 'EPS001', port: '1-2' },
    { lp: 'lp0', vid: '0416', pid: '5011', port: '1-1' },
  ]);
  t.after(() => rm(fake.root, { recursive: true, force: true }));
  const found = await listUsbPrinters({ sysRoot: fake.sys, devRoot: fake.dev });
  assert.deepEqual(
    found.map((d) => [d.path, d.vendorId, d.productId, d.serialNumber, d.fingerprint?.profileId]),
    [
      [join(fake.dev, 'usb/lp0'), '0416', '5011', undefined, 'generic-80mm-zh'],
      [join(fake.dev, 'usb/lp1'), '04b8', '0202', 'EPS001', 'epson-tm-t88'],
    ],
  );
  assert.deepEqual(await listUsbPrinters({ sysRoot: join(fake.root, 'nothing') }), []);
});

test('usb:VID:PID prints to whichever lpN the printer got, and is disconnected when it is absent', async (t) => {
  const fake = await fakeSystem([
    { lp: 'lp0', vid: '0416', pid: '5011', port: '1-1' },
    { lp: 'lp3', vid: '04b8', pid: '0202', serial: 'EPS001', port: '1-4' },
  ]);
  t.after(() => rm(fake.root, { recursive: true, force: true }));
  const roots = { sysRoot: fake.sys, devRoot: fake.dev };
  const epson = new PrinterSession(() => new UsbPrinterTransport('04b8', '0202', 'EPS001', false, roots));
  t.after(() => epson.close());
  await epson.print('u-1', Buffer.from('hello usb\n'));
  assert.equal(await readFile(join(fake.dev, 'usb/lp3'), 'utf8'), 'hello usb\n');
  assert.equal(await readFile(join(fake.dev, 'usb/lp0'), 'utf8'), '');

  const absent = new PrinterSession(() => new UsbPrinterTransport('04b8', '0202', 'OTHER', false, roots), {
    reconnectInitialMs: 50,
  });
  t.after(() => absent.close());
  await waitFor(() => absent.health.detail !== 'connecting');
  assert.equal(absent.health.state, 'disconnected');
  assert.match(absent.health.detail ?? '', /usb:04b8:0202\?serial=OTHER.*no such USB printer/);
});

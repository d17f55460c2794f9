/**
 * The hardware bindings as `shequ start --config` opens them: a configured device that is not there
 * (a reader named by VID:PID with nothing plugged in, a printer nobody answers for) is a health
 * state the screens and central see, not a failure to start; an unconfigured one is 'not configured'.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { PublicState } from '../../contract/api.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { waitFor } from '../../test/e2e/wait.ts';
import { assembleAppliance, type RunningAppliance } from '../assemble.ts';
import { openHardware } from './hardware.ts';
import { listUsbSerialPorts } from './usb-ports.ts';

const dir = mkdtempSync(join(tmpdir(), 'shequ-hardware-'));
let running: RunningAppliance | undefined;
after(async () => {
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-keys`, { recursive: true, force: true });
});

test('absent devices are health states, named by their fingerprint; the appliance serves on', async () => {
  const hardware = {
    // A CH340 bridge (a reader's usual USB-serial chip) by VID:PID, with nothing plugged in.
    reader: { transport: 'serial' as const, usb: '1a86:7523', baudRate: 115200 },
    // Nobody listens on port 9 of this machine: the printer is unreachable.
    printer: { uri: 'tcp://127.0.0.1:9', profile: 'generic-80mm-zh' },
  };
  running = await assembleAppliance(
    simulationConfig({ http: { host: '127.0.0.1', port: 0 }, hardware }),
    openHardware(hardware, null),
    { dataDir: dir, uiDistDir: join(dir, 'no-ui') },
  );
  const state = async () => (await (await fetch(`${running!.url}/api/state`)).json()) as PublicState;
  const devices = await waitFor('the reader and printer to report', async () => {
    const d = (await state()).devices;
    return d.reader.detail?.includes('CH340') && d.printer.state === 'disconnected' ? d : undefined;
  });
  assert.equal(devices.reader.state, 'disconnected');
  assert.match(
    devices.reader.detail ?? '',
    /no reader attached: looking for CH340 USB-serial bridge \(1a86:7523\)/,
  );
  assert.deepEqual(
    { state: devices.scanner.state, detail: devices.scanner.detail },
    { state: 'disconnected', detail: 'not configured' },
  );
  assert.equal(devices.camera?.detail, 'not configured');
  const ticket = await fetch(`${running.url}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: 'consult', withCard: false }),
  });
  assert.equal(ticket.status, 201, 'the queue works without its devices');
  assert.equal(((await ticket.json()) as { printed: boolean }).printed, false);
});

test('a serial device named by VID:PID is found through sysfs, whatever its ttyUSB number', async () => {
  const sys = join(dir, 'sys');
  const usbDevice = join(sys, 'devices', 'pci0000:00', 'usb1', '1-2');
  const iface = join(usbDevice, '1-2:1.0', 'ttyUSB3');
  mkdirSync(iface, { recursive: true });
  writeFileSync(join(usbDevice, 'idVendor'), '1a86\n');
  writeFileSync(join(usbDevice, 'idProduct'), '7523\n');
  mkdirSync(join(sys, 'class', 'tty', 'ttyUSB3'), { recursive: true });
  symlinkSync(iface, join(sys, 'class', 'tty', 'ttyUSB3', 'device'));
  mkdirSync(join(sys, 'class', 'tty', 'ttyS0'), { recursive: true });
  assert.deepEqual(await listUsbSerialPorts(sys, '/dev'), [
    { path: '/dev/ttyUSB3', vendorId: 0x1a86, productId: 0x7523 },
  ]);
});

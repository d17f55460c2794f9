/**
 * The simulated devices as bindings: a GA 467 reader on a socat pty (opened by the production
 * hardware binding, like a real reader), an ESC/POS printer on 127.0.0.1 (opened over TCP like a
 * real one), a keyboard-wedge scanner whose HID reports go through the real decoder, and the same
 * OCR camera binding as on real hardware. Only the far ends of the links are simulated.
 */
import { join } from 'node:path';
import type { HardwareConfig } from '../../contract/config/schema.ts';
import { loadSimCard } from '../../drivers/idcard/index.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../../drivers/printer/index.ts';
import { openHidScanner, SimulatedScanner } from '../../drivers/scanner/index.ts';
import type { DeviceBindings } from '../bindings/device-bindings.ts';
import { openHardware } from '../bindings/hardware.ts';
import { type SimReaderHandle, startSimReader } from './sim-reader.ts';

/** The keyboard-wedge scanner the simulator pretends to be (a Zebra in HID keyboard mode). */
const SIM_SCANNER_USB = '05e0:1200';

export interface SimulatedDevices {
  /** The hardware section that names the simulators, as an installer would name real devices. */
  hardware: HardwareConfig;
  /** Every device bound, the broker left to the caller; `simulator` has the demo's controls. */
  bindings: Omit<DeviceBindings, 'broker'>;
  reader: SimReaderHandle;
  printer: VirtualPrinter;
  scanner: SimulatedScanner;
}

export async function startSimulatedDevices(opts: {
  dataDir: string;
  printerPort?: number;
  inProcessReader?: boolean;
}): Promise<SimulatedDevices> {
  const started: Array<{ close(): Promise<void> }> = [];
  try {
    const reader = await startSimReader({
      pollIntervalMs: 200,
      forceInProcess: opts.inProcessReader ?? false,
    });
    started.push(reader);
    const printer = await startVirtualPrinter({
      port: opts.printerPort ?? 0,
      outDir: join(opts.dataDir, 'printer'),
    });
    started.push(printer);
    const scanner = new SimulatedScanner();
    started.push(scanner);
    const hardware: HardwareConfig = {
      reader: reader.inProcessReader
        ? null
        : { transport: 'serial', path: reader.devicePath, baudRate: 115200 },
      scanner: { transport: 'hid', usb: SIM_SCANNER_USB },
      printer: { uri: `tcp://127.0.0.1:${printer.port}`, profile: 'generic-80mm-zh' },
      camera: { enabled: true, languages: ['eng', 'chi_sim'], poolSize: 1 },
    };
    // The production opener, for every device it can reach: the reader's pty, the printer's TCP port.
    const real = openHardware({ ...hardware, scanner: null }, null, { readerPollMs: 200 });
    const hidScanner = openHidScanner(
      { vendorId: 0x05e0, productId: 0x1200 },
      { openDevice: scanner.openHidDevice },
    );
    return {
      hardware,
      reader,
      printer,
      scanner,
      bindings: {
        reader: real.reader ?? reader.inProcessReader,
        scanner: hidScanner,
        printer: real.printer,
        camera: real.camera,
        simulator: {
          placeCard: (name) => reader.place(loadSimCard(name)),
          removeCard: () => reader.remove(),
          scan: (text) => scanner.scanHid(text),
        },
        close: async () => {
          await real.close();
          await hidScanner.close();
          for (const s of started.reverse()) await s.close().catch(() => {});
        },
      },
    };
  } catch (err) {
    for (const s of started.reverse()) await s.close().catch(() => {});
    throw err;
  }
}

/**
 * `shequ doctor --sim`: the simulated reader (a synthetic card on it, behind a virtual serial port
 * that poses as a CH340 bridge) and the virtual network printer, so the doctor runs end to end
 * without hardware.
 */
import { loadSimCard, type SimulatedReader, startSimulatedReader } from '../../drivers/idcard/index.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../../drivers/printer/index.ts';
import type { AttachedDevice } from '../../firmware-config/profiles/match.ts';
import type { NetworkPrinter } from './run-doctor.ts';

export interface SimRig {
  devices: AttachedDevice[];
  networkPrinters: NetworkPrinter[];
  reader: SimulatedReader;
  printer: VirtualPrinter;
  close(): Promise<void>;
}

export async function startSimRig(card = 'resident-li'): Promise<SimRig> {
  const reader = await startSimulatedReader();
  let printer: VirtualPrinter;
  try {
    printer = await startVirtualPrinter({ port: 0 });
  } catch (err) {
    await reader.close();
    throw err;
  }
  reader.place(loadSimCard(card));
  return {
    devices: [
      {
        vendorId: '1a86',
        productId: '7523',
        path: reader.devicePath,
        product: 'simulated GA 467 reader',
        source: 'sim',
      },
    ],
    networkPrinters: [{ uri: `tcp://127.0.0.1:${printer.port}`, profileId: 'generic-80mm-network' }],
    reader,
    printer,
    async close() {
      await reader.close();
      await printer.close();
    },
  };
}

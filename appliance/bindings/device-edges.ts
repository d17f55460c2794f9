/**
 * The edges between the bound devices and the core: each driver event becomes one typed EdgeEvent.
 * The core never listens to a driver itself.
 */
import type { DeviceHealth } from '../../contract/api.ts';
import type { Identity } from '../../drivers/idcard/index.ts';
import type { DeviceName, EdgeEvent } from '../core/events.ts';
import type { DeviceBindings } from './device-bindings.ts';

export interface EdgeSink {
  handle(event: EdgeEvent): void;
}

/** The bound devices and their health now, for the core to start from. */
export function boundHealth(b: DeviceBindings): Partial<Record<DeviceName, DeviceHealth>> {
  return {
    ...(b.reader ? { reader: b.reader.health } : {}),
    ...(b.scanner ? { scanner: b.scanner.health } : {}),
    ...(b.printer ? { printer: b.printer.health } : {}),
    ...(b.camera ? { camera: b.camera.health } : {}),
  };
}

/** Wires every bound device to the core; returns the function that unwires them. */
export function attachDeviceEdges(b: DeviceBindings, core: EdgeSink): () => void {
  const undo: Array<() => void> = [];
  const health = (device: DeviceName) => (h: DeviceHealth) =>
    core.handle({ type: 'device.health', device, health: h });
  const { reader, scanner, printer, camera } = b;
  if (reader) {
    const placed = (identity: Identity) => core.handle({ type: 'card.placed', identity, source: 'reader' });
    const removed = () => core.handle({ type: 'card.removed', source: 'reader' });
    const h = health('reader');
    reader.on('card', placed).on('removed', removed).on('health', h);
    undo.push(() => reader.off('card', placed).off('removed', removed).off('health', h));
  }
  if (scanner) {
    const code = (text: string) => core.handle({ type: 'code.scanned', text });
    const h = health('scanner');
    scanner.on('code', code).on('health', h);
    undo.push(() => scanner.off('code', code).off('health', h));
  }
  if (printer) {
    const h = health('printer');
    printer.on('health', h);
    undo.push(() => printer.off('health', h));
  }
  if (camera) {
    const h = health('camera');
    camera.on('health', h);
    undo.push(() => camera.off('health', h));
  }
  return () => {
    for (const u of undo) u();
  };
}

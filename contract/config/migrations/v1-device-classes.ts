/**
 * schemaVersion 1 knew only a serial reader (`{path, baudRate}`) and a printer (`{uri, profile}`).
 * Version 2 names every device class: the reader says its transport (serial or HID), and the
 * scanner and document camera have places of their own (absent until configured).
 */
import { type ConfigMigration, isObject } from './migration.ts';

export const v1ToV2: ConfigMigration = {
  from: 1,
  to: 2,
  name: '1→2 hardware names every device class (reader transport, scanner, camera)',
  up(config) {
    const hardware = isObject(config.hardware) ? config.hardware : {};
    const reader = isObject(hardware.reader) ? { transport: 'serial', ...hardware.reader } : null;
    return {
      ...config,
      hardware: {
        ...hardware,
        reader,
        printer: hardware.printer ?? null,
        scanner: hardware.scanner ?? null,
        camera: hardware.camera ?? null,
      },
      schemaVersion: 2,
    };
  },
};

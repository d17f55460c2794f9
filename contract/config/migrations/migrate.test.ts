import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulationConfig } from '../../../firmware-config/sim-config.ts';
import { ConfigError, parseConfig } from '../parse.ts';
import { CONFIG_SCHEMA_VERSION } from '../schema.ts';
import { migrate } from './migrate.ts';
import { MigrationError } from './migration.ts';

const preRelease = {
  kiosk: 'K-PILOT-01',
  centre: { title: '幸福街道社区服务中心', titleEn: 'Xingfu Street Centre', tz: 'Asia/Shanghai' },
  services: [
    { id: 'social-security', letter: 'A', name: '社保卡办理', nameEn: 'Social security card' },
    { id: 'consult', letter: 'E', name: '综合咨询', nameEn: 'General enquiries' },
  ],
  windows: [{ id: 'w1', number: 1, name: '1号窗口', services: ['social-security', 'consult'] }],
  hardware: { reader: null, printer: null },
};

describe('configuration migrations', () => {
  it('brings the pre-release layout (no schemaVersion) to the current schema, which then validates', () => {
    const result = migrate(preRelease);
    assert.equal(result.from, 0);
    assert.equal(result.to, CONFIG_SCHEMA_VERSION);
    assert.equal(result.applied.length, 2);
    assert.match(result.applied[0] ?? '', /^0→1/);
    assert.match(result.applied[1] ?? '', /^1→2/);
    const config = parseConfig(result.config);
    assert.equal(config.kioskId, 'K-PILOT-01');
    assert.equal(config.centre.name, '幸福街道社区服务中心');
    assert.equal(config.services[0]?.prefix, 'A');
    assert.deepEqual(config.counters[0]?.serviceIds, ['social-security', 'consult']);
  });

  it('the unmigrated pre-release layout is refused by the schema (the migration is what makes it valid)', () => {
    assert.throws(() => parseConfig(preRelease), ConfigError);
  });

  it('carries a version 1 configuration forward: its serial reader and printer keep working, scanner and camera are absent', () => {
    const v1 = {
      ...simulationConfig(),
      schemaVersion: 1,
      hardware: {
        reader: { path: '/dev/ttyUSB0', baudRate: 115200 },
        printer: { uri: 'tcp://192.168.1.50:9100', profile: 'generic-80mm-zh' },
      },
    };
    assert.throws(() => parseConfig(v1), ConfigError, 'version 1 is not the current schema');
    const result = migrate(v1);
    assert.deepEqual(result.applied, [
      '1→2 hardware names every device class (reader transport, scanner, camera)',
    ]);
    const config = parseConfig(result.config);
    assert.deepEqual(config.hardware, {
      reader: { transport: 'serial', path: '/dev/ttyUSB0', baudRate: 115200 },
      printer: { uri: 'tcp://192.168.1.50:9100', profile: 'generic-80mm-zh' },
      scanner: null,
      camera: null,
    });
  });

  it('names every device class; each may be missing, and a device that could never be found is refused', () => {
    const none = parseConfig({ ...simulationConfig(), hardware: {} });
    assert.deepEqual(none.hardware, {});
    const all = parseConfig({
      ...simulationConfig(),
      hardware: {
        reader: { transport: 'hid', usb: '10c4:0007' },
        scanner: { transport: 'serial', usb: '05e0:0600' },
        printer: { usb: '0416:5011', profile: 'generic-80mm-zh' },
        camera: { enabled: true },
      },
    });
    assert.equal(all.hardware.scanner?.transport === 'serial' && all.hardware.scanner.baudRate, 9600);
    assert.deepEqual(all.hardware.camera, { enabled: true, languages: ['eng', 'chi_sim'], poolSize: 1 });
    const bad = (hardware: unknown) => () => parseConfig({ ...simulationConfig(), hardware });
    assert.throws(
      bad({ reader: { transport: 'serial' } }),
      /\/hardware\/reader: give the serial device path/,
    );
    assert.throws(bad({ scanner: { transport: 'hid' } }), /\/hardware\/scanner/);
    assert.throws(
      bad({ printer: { profile: 'generic-80mm-zh' } }),
      /\/hardware\/printer: give either uri or usb/,
    );
    assert.throws(bad({ reader: { transport: 'hid', usb: 'not-an-id' } }), ConfigError);
    assert.throws(bad({ camera: { poolSize: 9 } }), ConfigError);
    assert.throws(bad({ keyboard: null }), ConfigError);
  });

  it('leaves a current configuration unchanged and applies nothing', () => {
    const current = simulationConfig();
    const result = migrate(current);
    assert.deepEqual(result.applied, []);
    assert.equal(result.from, CONFIG_SCHEMA_VERSION);
    assert.deepEqual(result.config, current);
  });

  it('does not modify its input', () => {
    const input = structuredClone(preRelease);
    migrate(input);
    assert.deepEqual(input, preRelease);
  });

  it('refuses a configuration from newer software, a non-object and a nonsense version with their own codes', () => {
    assert.throws(
      () => migrate({ ...simulationConfig(), schemaVersion: CONFIG_SCHEMA_VERSION + 1 }),
      (e: unknown) => e instanceof MigrationError && e.code === 'config.too-new',
    );
    assert.throws(
      () => migrate([1, 2]),
      (e: unknown) => e instanceof MigrationError && e.code === 'config.not-an-object',
    );
    assert.throws(
      () => migrate({ schemaVersion: 'one' }),
      (e: unknown) => e instanceof MigrationError && e.code === 'config.unknown-version',
    );
  });

  it('runs a chain of several steps in order and names each', () => {
    const chain = [
      { from: 0, to: 1, name: 'a', up: (c: Record<string, unknown>) => ({ ...c, a: 1 }) },
      { from: 1, to: 2, name: 'b', up: (c: Record<string, unknown>) => ({ ...c, b: (c.a as number) + 1 }) },
    ];
    const result = migrate({ schemaVersion: 0 }, chain, 2);
    assert.deepEqual(result.applied, ['a', 'b']);
    assert.deepEqual(result.config, { schemaVersion: 2, a: 1, b: 2 });
    assert.throws(
      () => migrate({ schemaVersion: 0 }, [chain[1]!], 2),
      (e: unknown) => e instanceof MigrationError && e.code === 'config.unknown-version',
    );
  });
});

/**
 * schemaVersion 0 is the pre-release layout the first pilot kiosks were set up with: no
 * `schemaVersion` field (or 0), `kiosk` for the kiosk ID, `centre.title/titleEn/tz`, a service's
 * ticket letter as `letter`, and counters called `windows` with `services`.
 */
import { type ConfigMigration, type ConfigObject, isObject } from './migration.ts';

function renameKey(obj: ConfigObject, from: string, to: string): ConfigObject {
  if (!(from in obj) || to in obj) return obj;
  const { [from]: value, ...rest } = obj;
  return { ...rest, [to]: value };
}

function mapArray(value: unknown, fn: (item: ConfigObject) => ConfigObject): unknown {
  return Array.isArray(value) ? value.map((item) => (isObject(item) ? fn(item) : item)) : value;
}

export const v0ToV1: ConfigMigration = {
  from: 0,
  to: 1,
  name: '0→1 rename pre-release fields (kiosk, centre.title, services[].letter, windows)',
  up(config) {
    let out = renameKey(config, 'kiosk', 'kioskId');
    if (isObject(out.centre)) {
      let centre = renameKey(out.centre, 'title', 'name');
      centre = renameKey(centre, 'titleEn', 'nameEn');
      centre = renameKey(centre, 'tz', 'timeZone');
      out = { ...out, centre };
    }
    out = { ...out, services: mapArray(out.services, (s) => renameKey(s, 'letter', 'prefix')) };
    out = renameKey(out, 'windows', 'counters');
    out = { ...out, counters: mapArray(out.counters, (c) => renameKey(c, 'services', 'serviceIds')) };
    if (!('queue' in out)) out.queue = {};
    if (!('broker' in out)) out.broker = null;
    if (!('http' in out)) out.http = {};
    return { ...out, schemaVersion: 1 };
  },
};

/**
 * The screens paired with this appliance. A screen holds a random 256-bit token in an HttpOnly
 * cookie; only its SHA-256 is kept here (`<data>/pairing/devices.json`, written durably), so a
 * copy of the data directory cannot pose as a paired screen. An admin can revoke a screen.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { type DeviceRole, deviceHome, type PairedDeviceView } from '../../contract/api.ts';
import { writeFileDurably } from '../../platform/durable-file.ts';
import { Mutex } from '../../platform/mutex.ts';
import { pairingDir, removeExpiredCodes, takePendingCode } from './pairing-codes.ts';

export interface PairedDevice {
  id: string;
  role: DeviceRole;
  counterId?: string;
  label: string;
  pairedAt: number;
  tokenHash: string;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export function deviceView(d: PairedDevice): PairedDeviceView {
  return {
    id: d.id,
    role: d.role,
    ...(d.counterId ? { counterId: d.counterId } : {}),
    label: d.label,
    pairedAt: d.pairedAt,
    home: deviceHome(d.role),
  };
}

export class DeviceRegistry {
  private readonly byHash = new Map<string, PairedDevice>();
  private readonly writes = new Mutex();

  private constructor(
    readonly dataDir: string,
    private readonly now: () => number,
  ) {}

  static open(dataDir: string, now: () => number = Date.now): DeviceRegistry {
    const registry = new DeviceRegistry(dataDir, now);
    mkdirSync(pairingDir(dataDir), { recursive: true, mode: 0o700 });
    const file = registry.file;
    if (existsSync(file)) {
      const devices = JSON.parse(readFileSync(file, 'utf8')) as PairedDevice[];
      for (const d of devices) registry.byHash.set(d.tokenHash, d);
    }
    removeExpiredCodes(dataDir, now());
    return registry;
  }

  private get file(): string {
    return join(pairingDir(this.dataDir), 'devices.json');
  }

  /** The paired screen whose cookie this is, or null. */
  byToken(token: string | undefined): PairedDevice | null {
    if (!token || token.length > 128) return null;
    return this.byHash.get(tokenHash(token)) ?? null;
  }

  list(): PairedDevice[] {
    return [...this.byHash.values()].sort((a, b) => a.pairedAt - b.pairedAt);
  }

  /** Exchanges a one-time code for a new paired screen and its token; null when the code is no good. */
  async pair(code: string): Promise<{ token: string; device: PairedDevice } | null> {
    const pending = takePendingCode(this.dataDir, code, this.now());
    if (!pending) return null;
    const token = randomBytes(32).toString('base64url');
    const device: PairedDevice = {
      id: ulid(),
      role: pending.role,
      ...(pending.counterId ? { counterId: pending.counterId } : {}),
      label: pending.label,
      pairedAt: this.now(),
      tokenHash: tokenHash(token),
    };
    await this.writes.run(async () => {
      this.byHash.set(device.tokenHash, device);
      await this.persist();
    });
    return { token, device };
  }

  async revoke(id: string): Promise<boolean> {
    return this.writes.run(async () => {
      const found = [...this.byHash.values()].find((d) => d.id === id);
      if (!found) return false;
      this.byHash.delete(found.tokenHash);
      await this.persist();
      return true;
    });
  }

  private persist(): Promise<void> {
    return writeFileDurably(this.file, `${JSON.stringify(this.list(), null, 1)}\n`);
  }
}

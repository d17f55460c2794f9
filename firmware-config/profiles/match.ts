/**
 * Matches attached devices to hardware profiles by USB VID/PID. An exact VID+PID beats a
 * vendor-only entry; a generic bridge chip is offered for the installer to confirm, never picked
 * silently; a VID/PID shared by several kinds (CP210x under readers and others) lists them all.
 */
import type { HardwareProfile } from './schema.ts';

export interface AttachedDevice {
  vendorId: string;
  productId: string;
  /** /dev path or URI the device is reached at, when known. */
  path?: string;
  product?: string;
  manufacturer?: string;
  /** Where it was found: 'usb' (sysfs), 'serial' (SerialPort.list), 'sim' (doctor --sim). */
  source: 'usb' | 'serial' | 'sim';
}

export interface ProfileMatch {
  device: AttachedDevice;
  profile: HardwareProfile;
  /** 'exact' VID+PID of a dedicated device; 'vendor' vendor only; 'confirm' a shared generic chip. */
  strength: 'exact' | 'vendor' | 'confirm';
}

const norm = (id: string) => id.toLowerCase().replace(/^0x/, '').padStart(4, '0');

export function matchDevice(device: AttachedDevice, profiles: readonly HardwareProfile[]): ProfileMatch[] {
  const vid = norm(device.vendorId);
  const pid = norm(device.productId);
  const exact = profiles.filter((p) => p.usb.some((u) => u.vendorId === vid && u.productId === pid));
  const candidates =
    exact.length > 0 ? exact : profiles.filter((p) => p.usb.some((u) => u.vendorId === vid && !u.productId));
  return candidates.map((profile) => ({
    device,
    profile,
    strength: profile.conflictProne ? 'confirm' : exact.length > 0 ? 'exact' : 'vendor',
  }));
}

export function matchDevices(
  devices: readonly AttachedDevice[],
  profiles: readonly HardwareProfile[],
): ProfileMatch[] {
  return devices.flatMap((d) => matchDevice(d, profiles));
}

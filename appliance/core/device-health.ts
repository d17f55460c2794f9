import type { DeviceHealth } from '../../contract/api.ts';

export const notConfigured = (since = Date.now()): DeviceHealth => ({
  state: 'disconnected',
  detail: 'not configured',
  since,
});

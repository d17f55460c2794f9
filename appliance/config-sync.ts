/**
 * Signed configuration from central, put into effect on the running appliance: the fleet agent
 * subscribes to `config/desired` when it connects, the applier verifies and writes the bundle
 * durably, and its health check reconfigures the appliance. A bundle the appliance cannot run with
 * is rolled back to the last good configuration while the hall keeps being served.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import type { ApplianceConfig } from '../contract/config/schema.ts';
import { attachConfigSync, ConfigApplier, type TrustedKey } from '../firmware-config/bundles/index.ts';
import { loadConfigFile } from '../firmware-config/load.ts';
import type { ApplianceCore } from './core/appliance-core.ts';

export interface DesiredConfigLink {
  applier: ConfigApplier;
  /** For FleetAgentOptions.onConnected. */
  onConnected: (client: MqttClient) => Promise<void>;
  /** Tell the link which appliance to reconfigure (it exists only after the agent is created). */
  bind(appliance: ApplianceCore): void;
}

export function configDir(dataDir: string): string {
  return join(dataDir, 'config');
}

/** The configuration central last applied on this kiosk, if any: it takes precedence over the installer's file. */
export function appliedConfig(dataDir: string): ApplianceConfig | null {
  const path = join(configDir(dataDir), 'config.json');
  return existsSync(path) ? loadConfigFile(path) : null;
}

export function desiredConfigLink(opts: {
  dataDir: string;
  kioskId: string;
  siteId?: string;
  trustedKeys: readonly TrustedKey[];
}): DesiredConfigLink {
  let appliance: ApplianceCore | null = null;
  mkdirSync(configDir(opts.dataDir), { recursive: true, mode: 0o700 });
  const applier = new ConfigApplier({
    kioskId: opts.kioskId,
    ...(opts.siteId ? { siteId: opts.siteId } : {}),
    dir: configDir(opts.dataDir),
    trustedKeys: opts.trustedKeys,
    healthCheck: (config) => {
      if (!appliance) return { ok: false, reason: 'the appliance is not running yet' };
      try {
        appliance.reconfigure(config);
        return { ok: true };
      } catch (err) {
        return { ok: false, reason: (err as Error).message };
      }
    },
  });
  return {
    applier,
    bind: (a) => {
      appliance = a;
    },
    onConnected: async (client) => {
      await attachConfigSync(client, opts.kioskId, applier, (report) =>
        appliance?.log.add(
          report.status === 'applied' ? 'info' : 'warn',
          'config',
          `bundle ${report.bundleVersion ?? '?'}: ${report.status}${'reason' in report ? ` (${report.reason})` : ''}`,
        ),
      ).start();
    },
  };
}

/**
 * `shequ start --config FILE`: the appliance on the devices its configuration names. What central
 * last applied wins over the installer's file; an enrolled kiosk talks to central only with its
 * own certificate and takes signed configuration.
 */
import { existsSync } from 'node:fs';
import type { ApplianceConfig, DeviceKeyConfig } from '../../contract/config/schema.ts';
import { loadConfigFile } from '../../firmware-config/load.ts';
import {
  connectErrorExplainer,
  identityPaths,
  kioskMqttOptions,
  readKioskIdentity,
  readTrustedConfigKeys,
} from '../../provisioning/index.ts';
import { assembleAppliance, type RunningAppliance } from '../assemble.ts';
import type { BrokerLink } from '../bindings/device-bindings.ts';
import { openHardware } from '../bindings/hardware.ts';
import { appliedConfig, type DesiredConfigLink, desiredConfigLink } from '../config-sync.ts';
import { ensureFirstAdmin, FIRST_ADMIN } from '../http/first-admin.ts';
import { checkPortFree } from '../http/server.ts';
import type { SharingOptions } from '../sharing/attach.ts';

export interface ConfiguredOptions {
  configFile: string;
  dataDir: string;
  /** Overrides http.port (0: any free port). */
  port?: number;
  log: (line: string) => void;
}

function enrolledLink(
  dataDir: string,
  config: ApplianceConfig,
): { config: ApplianceConfig; broker: BrokerLink; sync: DesiredConfigLink; sharing: SharingOptions } | null {
  if (!existsSync(identityPaths(dataDir).identity)) return null;
  const identity = readKioskIdentity(dataDir);
  const sync = desiredConfigLink({
    dataDir,
    kioskId: identity.kioskId,
    siteId: identity.siteId,
    trustedKeys: readTrustedConfigKeys(dataDir),
  });
  return {
    config: { ...config, kioskId: identity.kioskId, broker: { url: identity.brokerUrl, protocolVersion: 5 } },
    broker: {
      url: identity.brokerUrl,
      protocolVersion: 5,
      mqttOptions: kioskMqttOptions(dataDir),
      onConnected: sync.onConnected,
      describeError: connectErrorExplainer(dataDir),
    },
    sync,
    // Central's keys pinned at enrolment also sign the datasets it shares down.
    sharing: { trustedKeys: readTrustedConfigKeys(dataDir), siteId: identity.siteId },
  };
}

/** Where the device key comes from is the machine's own matter: the installer's file says, not central. */
function installedKeySource(configFile: string): DeviceKeyConfig | undefined {
  try {
    return loadConfigFile(configFile).deviceKey;
  } catch {
    return undefined;
  }
}

export async function startConfigured(opts: ConfiguredOptions): Promise<RunningAppliance> {
  const applied = appliedConfig(opts.dataDir);
  let config = applied ?? loadConfigFile(opts.configFile);
  // Never from central's configuration: a bundle cannot move where the key is read from.
  const deviceKey = applied ? installedKeySource(opts.configFile) : config.deviceKey;
  if (opts.port !== undefined) config = { ...config, http: { ...config.http, port: opts.port } };
  const enrolled = enrolledLink(opts.dataDir, config);
  if (enrolled) {
    config = enrolled.config;
    const recovered = await enrolled.sync.applier.recoverInterrupted();
    if (recovered.recovered) opts.log('restored the last good configuration after an interrupted apply');
  }
  await checkPortFree(config.http.host, config.http.port);
  const broker: BrokerLink | null =
    enrolled?.broker ??
    (config.broker ? { url: config.broker.url, protocolVersion: config.broker.protocolVersion } : null);
  const running = await assembleAppliance(config, openHardware(config.hardware, broker), {
    dataDir: opts.dataDir,
    ...(enrolled ? { sharing: enrolled.sharing } : {}),
    ...(deviceKey ? { deviceKey } : {}),
  });
  enrolled?.sync.bind(running.appliance);
  const adminFile = await ensureFirstAdmin(running.auth, opts.dataDir);
  if (adminFile) opts.log(`first start: log in as '${FIRST_ADMIN}' with the password in ${adminFile}`);
  return running;
}

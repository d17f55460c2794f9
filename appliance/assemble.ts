/**
 * The one place the appliance is put together: from a configuration and a set of device bindings
 * (which it owns from then on: closed with the appliance, or at once if it cannot start).
 * `shequ start --config` (real serial/HID/TCP devices) and the demo (`shequ start --sim`, simulators)
 * both come through here and differ only in the bindings they pass.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MqttClient } from 'mqtt';
import type { ApplianceConfig, DeviceKeyConfig } from '../contract/config/schema.ts';
import type { CommandName } from '../contract/mqtt.ts';
import { DataDirInUseError, lockDataDir } from '../platform/data-dir-lock.ts';
import { identityPaths } from '../provisioning/identity/kiosk-identity.ts';
import type { DeviceBindings } from './bindings/device-bindings.ts';
import { attachDeviceEdges, boundHealth } from './bindings/device-edges.ts';
import { ApplianceCore } from './core/appliance-core.ts';
import { StartupError } from './core/errors.ts';
import { FleetAgent, type FleetAgentOptions } from './fleet-agent/agent.ts';
import type { CommandHandlers } from './fleet-agent/command-inbox.ts';
import { PanelCertLink } from './fleet-agent/panel-cert-link.ts';
import { type Listeners, startListeners } from './http/listeners.ts';
import { type PanelTlsAtStart, panelTlsAtStart } from './http/panel-tls.ts';
import type { ServedRoute } from './http/server.ts';
import { StaffAuth } from './http/staff-auth.ts';
import { ThrottleFile } from './limits/throttle-file.ts';
import { NotifyOptInLink } from './notify-optin/optin-link.ts';
import { Outbox } from './outbox/outbox.ts';
import { DeviceRegistry } from './pairing/device-registry.ts';
import { pairingDir } from './pairing/pairing-codes.ts';
import { AuditLog } from './privacy/audit-log.ts';
import { defaultKeySource, loadDeviceKey } from './privacy/device-key.ts';
import { DeviceVault } from './privacy/vault.ts';
import { attachSharing, type SharingOptions } from './sharing/attach.ts';
import { Store } from './store/store.ts';

export const APPLIANCE_VERSION = '0.1.0';
export const DEFAULT_UI_DIST = fileURLToPath(new URL('../kiosk-ui/dist', import.meta.url));

/** Timings of the fleet agent a test may shorten. */
export type AgentTuning = Partial<
  Pick<
    FleetAgentOptions,
    'ackTimeoutMs' | 'reconnectBaseMs' | 'reconnectCapMs' | 'window' | 'telemetryIntervalMs'
  >
>;

export interface AssemblyOptions {
  dataDir: string;
  uiDistDir?: string;
  /** How long a ticket request waits for the printer before answering `printed: false`. */
  printWaitMs?: number;
  agent?: AgentTuning;
  /** Datasets central shares down (needs a broker link). */
  sharing?: SharingOptions;
  /**
   * Where the device key comes from (default: defaultKeySource — never the data directory); the
   * installer's configuration says, never a bundle from central (`shequ start --config` passes it).
   */
  deviceKey?: DeviceKeyConfig;
}

export interface RunningAppliance {
  appliance: ApplianceCore;
  auth: StaffAuth;
  /** The screens paired with this appliance (`shequ pair`, or an admin in the panel). */
  devices: DeviceRegistry;
  bindings: DeviceBindings;
  dataDir: string;
  url: string;
  /** The staff panel over HTTPS (`http.tls`), or null when staff use the plain listener. */
  adminUrl: string | null;
  /** Every route the HTTP server answers (what a fuzz test walks). */
  routes: ServedRoute[];
  /** Compiles every route schema not compiled yet (they compile at first use); returns how many. */
  compileSchemas(): number;
  close(): Promise<void>;
}

function lockFor(dataDir: string): () => void {
  try {
    return lockDataDir(dataDir, 'the appliance data directory');
  } catch (err) {
    if (!(err instanceof DataDirInUseError)) throw err;
    throw new StartupError(
      'data-dir.in-use',
      `${err.message}: stop that appliance first, or give this one another data directory (--data)`,
      { cause: err },
    );
  }
}

export async function assembleAppliance(
  config: ApplianceConfig,
  bindings: DeviceBindings,
  opts: AssemblyOptions,
): Promise<RunningAppliance> {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const steps: Array<() => Promise<void> | void> = [lockFor(opts.dataDir)];
  const unwind = async () => {
    for (const step of steps.reverse()) await Promise.resolve(step()).catch(() => {});
  };
  try {
    const store = await Store.open(join(opts.dataDir, 'log'));
    steps.push(() => store.close());
    const outbox = await Outbox.open(opts.dataDir, store);
    const deviceKey = await loadDeviceKey(opts.dataDir, opts.deviceKey ?? defaultKeySource(opts.dataDir));
    const vault = new DeviceVault(deviceKey.key);
    const audit = await AuditLog.open(join(opts.dataDir, 'audit.log'));
    const core = new ApplianceCore({
      config,
      store,
      outbox,
      vault,
      audit,
      printer: bindings.printer,
      camera: bindings.camera,
      bound: boundHealth(bindings),
      ...(opts.printWaitMs !== undefined ? { printWaitMs: opts.printWaitMs } : {}),
    });
    steps.push(() => core.close());
    for (const note of deviceKey.notes) core.log.add('warn', 'privacy', note);
    steps.push(attachDeviceEdges(bindings, core));
    const auth = new StaffAuth(store, Date.now, {
      throttleFile: new ThrottleFile(join(opts.dataDir, 'login-throttle.json'), (line) =>
        core.log.add('warn', 'auth', line),
      ),
    });
    await auth.open();
    steps.push(() => auth.close());
    const notify = bindings.broker
      ? new NotifyOptInLink(config.kioskId, { log: (line) => core.log.add('warn', 'notify', line) })
      : undefined;
    if (notify) steps.push(() => notify.close());
    const devices = DeviceRegistry.open(opts.dataDir);
    const panel = config.http.tls
      ? await panelTlsAtStart(opts.dataDir, config.kioskId, config.http.tls)
      : null;
    const listeners = await startListeners(
      {
        core,
        auth,
        devices,
        uiDistDir: opts.uiDistDir ?? DEFAULT_UI_DIST,
        ...(bindings.simulator ? { sim: bindings.simulator } : {}),
        ...(notify ? { notify } : {}),
      },
      config.http,
      panel,
    );
    const { url, adminUrl, routes, compileSchemas } = listeners;
    steps.push(() => listeners.close());
    const panelCert = panel ? keepPanelCert(core, bindings, opts, panel, listeners) : null;
    if (panelCert) steps.push(() => panelCert.close());
    // Where `shequ pair` tells the installer to open the pairing page.
    writeFileSync(join(pairingDir(opts.dataDir), 'serving-url'), `${url}\n`, { mode: 0o600 });
    steps.push(await attachSharing(core, bindings, opts));
    if (bindings.broker) {
      const agent = startAgent(core, bindings, opts, [notify, panelCert]);
      steps.push(() => agent.close());
      await agent.start();
    }
    return {
      appliance: core,
      auth,
      devices,
      bindings,
      dataDir: opts.dataDir,
      url,
      adminUrl,
      routes,
      compileSchemas,
      close: async () => {
        await unwind();
        await bindings.close();
      },
    };
  } catch (err) {
    await unwind();
    await bindings.close();
    throw err;
  }
}

/**
 * The panel's certificate: renewed from the district CA over the uplink when it came from there (or
 * should), else only its health (the installer's files, or a kiosk not enrolled).
 */
function keepPanelCert(
  core: ApplianceCore,
  bindings: DeviceBindings,
  opts: AssemblyOptions,
  panel: PanelTlsAtStart,
  listeners: Listeners,
): PanelCertLink | null {
  let caPem: string | null = null;
  try {
    caPem = readFileSync(identityPaths(opts.dataDir).ca, 'utf8');
  } catch {
    caPem = null;
  }
  if (panel.health.state !== 'ok')
    core.log.add('warn', 'http', `staff panel certificate: ${panel.health.detail}`);
  if (panel.source === 'files' || !bindings.broker || !caPem) {
    core.attachPanelCert({ health: () => panel.health });
    return null;
  }
  const link = new PanelCertLink({
    kioskId: core.config.kioskId,
    dataDir: opts.dataDir,
    caPem,
    names: panel.names,
    current: panel.district,
    health: panel.health,
    swap: (tls) => listeners.swapPanelCert(tls),
    log: (level, line) => core.log.add(level, 'http', line),
  });
  core.attachPanelCert(link);
  return link;
}

/** Each command central's run, in the event log (what `collect-logs` returns), before it runs. */
function loggedCommands(core: ApplianceCore): CommandHandlers {
  const handlers = core.commandHandlers();
  const logged = {} as CommandHandlers;
  for (const name of Object.keys(handlers) as CommandName[]) {
    logged[name] = (args) => {
      core.log.add('info', 'fleet', `central's command ${name} runs`);
      return handlers[name](args);
    };
  }
  return logged;
}

/** Parts that need the uplink's client once it is connected (after the agent's own subscriptions). */
interface UplinkPart {
  onConnected(client: MqttClient): Promise<void>;
}

function startAgent(
  core: ApplianceCore,
  bindings: DeviceBindings,
  opts: AssemblyOptions,
  parts: Array<UplinkPart | null | undefined>,
): FleetAgent {
  const broker = bindings.broker!;
  const onConnected = async (client: MqttClient) => {
    await broker.onConnected?.(client);
    for (const part of parts) await part?.onConnected(client);
  };
  const agent = new FleetAgent({
    kioskId: core.config.kioskId,
    brokerUrl: broker.url,
    protocolVersion: broker.protocolVersion,
    dataDir: opts.dataDir,
    outbox: core.outbox,
    version: APPLIANCE_VERSION,
    telemetry: () => {
      const devices = core.views.devices();
      return {
        reader: devices.reader,
        printer: devices.printer,
        scanner: devices.scanner,
        queue: { waiting: core.queue.tickets().filter((t) => t.status === 'waiting').length },
      };
    },
    commands: loggedCommands(core),
    seenCommands: {
      commands: () => core.store.all('command'),
      remember: async (record) => {
        await core.store.commit([record]);
      },
    },
    ...(broker.mqttOptions ? { mqttOptions: broker.mqttOptions } : {}),
    onConnected,
    ...(broker.describeError ? { describeError: broker.describeError } : {}),
    ...opts.agent,
  });
  agent.on('uplink', (uplink) => core.handle({ type: 'uplink.changed', uplink }));
  agent.on('rejected', (txId, why) => core.log.add('error', 'outbox', `central rejected ${txId}: ${why}`));
  agent.on('rebuilt', (why) => core.log.add('warn', 'fleet', why));
  core.attachAgent(agent);
  return agent;
}

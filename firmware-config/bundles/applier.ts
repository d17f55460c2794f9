/**
 * The kiosk side of signed configuration. `apply(bundleJson)` runs the whole pipeline and returns
 * a verdict for `config/reported`; it never throws for a bad bundle:
 *   parse → signature (pinned ed25519 keys) → binding (this kiosk or its site) → issued in the
 *   future (beyond the clock-skew allowance) → expiry →
 *   version above everything applied or refused → migrate → parseConfig → keep last good →
 *   durable write → health check → keep, or roll back to the last good configuration.
 */
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ConfigBundle } from '../../contract/config/bundle.ts';
import { migrate } from '../../contract/config/migrations/migrate.ts';
import { parseConfig } from '../../contract/config/parse.ts';
import type { ApplianceConfig } from '../../contract/config/schema.ts';
import { type TrustedKey, verifyBundleSignature } from '../../platform/bundle-signature.ts';
import { writeFileDurably } from '../../platform/durable-file.ts';
import { type ApplierState, readApplierState, writeApplierState } from './applier-state.ts';

const bundleCheck = TypeCompiler.Compile(ConfigBundle);

export type RejectReason =
  | 'malformed'
  | 'unsigned'
  | 'unknown-key'
  | 'bad-signature'
  | 'wrong-kiosk'
  | 'wrong-site'
  | 'issued-in-future'
  | 'expired'
  | 'stale-version'
  | 'invalid-config'
  | 'write-failed';

export type ApplyReport =
  | { status: 'applied'; appliedVersion: number; bundleVersion: number }
  | {
      status: 'rejected';
      appliedVersion: number;
      reason: RejectReason;
      detail: string;
      bundleVersion?: number;
    }
  | {
      status: 'rolled-back';
      appliedVersion: number;
      reason: 'health-check-failed';
      detail: string;
      bundleVersion: number;
    };

export type HealthVerdict = { ok: true } | { ok: false; reason: string };

export interface ConfigApplierOptions {
  kioskId: string;
  /** The site this kiosk belongs to (from enrolment); site-bound bundles for other sites are refused. */
  siteId?: string;
  /** Directory holding config.json, config.last-good.json and config-state.json. */
  dir: string;
  trustedKeys: readonly TrustedKey[];
  /**
   * Called after the new configuration is durably written: put it into effect and say whether the
   * appliance is healthy with it. A throw counts as unhealthy. Called again with the last good
   * configuration after a rollback.
   */
  healthCheck: (config: ApplianceConfig) => Promise<HealthVerdict> | HealthVerdict;
  now?: () => number;
  /**
   * How far a bundle's issuedAt may lie ahead of this kiosk's clock before it is refused as issued
   * in the future (default 5 minutes). A signing key used with a clock set ahead, or a bundle made
   * to outlive its key's rotation, must not be accepted just because its signature is good.
   */
  clockSkewMs?: number;
}

/** Default allowance for the difference between central's clock and the kiosk's. */
export const DEFAULT_CLOCK_SKEW_MS = 5 * 60_000;

export class ConfigApplier {
  readonly configPath: string;
  readonly lastGoodPath: string;
  readonly statePath: string;
  private readonly now: () => number;
  /** Applies run one at a time: a retained desired and a config/get reply can arrive together. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: ConfigApplierOptions) {
    this.configPath = join(opts.dir, 'config.json');
    this.lastGoodPath = join(opts.dir, 'config.last-good.json');
    this.statePath = join(opts.dir, 'config-state.json');
    this.now = opts.now ?? Date.now;
  }

  state(): Promise<ApplierState> {
    return readApplierState(this.statePath);
  }

  apply(bundleJson: string | Uint8Array): Promise<ApplyReport> {
    const run = this.queue.then(() => this.applyNow(bundleJson));
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Call once at start-up: if a power cut interrupted an apply, the configuration on disk may be
   * one that never passed its health check, so the last good one is restored.
   */
  async recoverInterrupted(): Promise<{ recovered: boolean; version?: number }> {
    const state = await this.state();
    if (state.pendingVersion === null) return { recovered: false };
    const version = state.pendingVersion;
    await this.restoreLastGood();
    await writeApplierState(this.statePath, {
      ...state,
      failedVersion: Math.max(state.failedVersion, version),
      pendingVersion: null,
    });
    return { recovered: true, version };
  }

  private async applyNow(bundleJson: string | Uint8Array): Promise<ApplyReport> {
    const state = await this.state();
    const reject = (reason: RejectReason, detail: string, bundleVersion?: number): ApplyReport => ({
      status: 'rejected',
      appliedVersion: state.appliedVersion,
      reason,
      detail,
      ...(bundleVersion === undefined ? {} : { bundleVersion }),
    });

    let parsed: unknown;
    try {
      const text = typeof bundleJson === 'string' ? bundleJson : Buffer.from(bundleJson).toString('utf8');
      parsed = JSON.parse(text);
    } catch (err) {
      return reject('malformed', `not JSON: ${(err as Error).message}`);
    }
    if (typeof parsed === 'object' && parsed !== null && !('sig' in parsed)) {
      return reject('unsigned', 'the bundle carries no signature');
    }
    if (!bundleCheck.Check(parsed)) {
      const first = bundleCheck.Errors(parsed).First();
      return reject('malformed', first ? `${first.path || '/'}: ${first.message}` : 'not a bundle');
    }
    const bundle = parsed;
    const signature = verifyBundleSignature(bundle, this.opts.trustedKeys);
    if (!signature.ok) {
      const detail =
        signature.reason === 'unknown-key'
          ? `signed with key ${bundle.sig.keyId}, which this kiosk does not trust`
          : 'signature does not match the bundle';
      return reject(signature.reason, detail, bundle.version);
    }
    const binding = this.checkBinding(bundle);
    if (binding) return reject(binding.reason, binding.detail, bundle.version);
    const now = this.now();
    const skew = this.opts.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
    if (bundle.issuedAt > now + skew) {
      return reject(
        'issued-in-future',
        `issued at ${new Date(bundle.issuedAt).toISOString()}, more than ${Math.round(skew / 1000)} s after this kiosk's clock (${new Date(now).toISOString()})`,
        bundle.version,
      );
    }
    if (bundle.expiresAt <= now) {
      return reject('expired', `expired at ${new Date(bundle.expiresAt).toISOString()}`, bundle.version);
    }
    const floor = Math.max(state.appliedVersion, state.failedVersion);
    if (bundle.version <= floor) {
      return reject(
        'stale-version',
        `version ${bundle.version} is not above ${floor} (applied ${state.appliedVersion}, refused ${state.failedVersion})`,
        bundle.version,
      );
    }
    let config: ApplianceConfig;
    try {
      const migrated = migrate(bundle.config).config;
      config = parseConfig({ ...migrated, kioskId: this.opts.kioskId }, `bundle version ${bundle.version}`);
    } catch (err) {
      return reject('invalid-config', (err as Error).message, bundle.version);
    }
    return this.install(state, bundle.version, config);
  }

  private checkBinding(bundle: ConfigBundle): { reason: RejectReason; detail: string } | null {
    if ((bundle.kiosk === undefined) === (bundle.site === undefined)) {
      return { reason: 'malformed', detail: 'a bundle names exactly one of kiosk or site' };
    }
    if (bundle.kiosk !== undefined && bundle.kiosk !== this.opts.kioskId) {
      return {
        reason: 'wrong-kiosk',
        detail: `bound to kiosk ${bundle.kiosk}, this is ${this.opts.kioskId}`,
      };
    }
    if (bundle.site !== undefined && bundle.site !== this.opts.siteId) {
      return {
        reason: 'wrong-site',
        detail: `bound to site ${bundle.site}, this kiosk is in ${this.opts.siteId ?? 'no known site'}`,
      };
    }
    return null;
  }

  private async install(state: ApplierState, version: number, config: ApplianceConfig): Promise<ApplyReport> {
    try {
      const current = await readOptional(this.configPath);
      if (current !== null) await writeFileDurably(this.lastGoodPath, current);
      await writeApplierState(this.statePath, { ...state, pendingVersion: version });
      await writeFileDurably(this.configPath, `${JSON.stringify(config, null, 2)}\n`);
    } catch (err) {
      await this.restoreLastGood().catch(() => {});
      await writeApplierState(this.statePath, { ...state, pendingVersion: null }).catch(() => {});
      return {
        status: 'rejected',
        appliedVersion: state.appliedVersion,
        reason: 'write-failed',
        detail: (err as Error).message,
        bundleVersion: version,
      };
    }
    const health = await this.runHealthCheck(config);
    if (health.ok) {
      await writeApplierState(this.statePath, {
        ...state,
        appliedVersion: version,
        pendingVersion: null,
        appliedAt: this.now(),
      });
      return { status: 'applied', appliedVersion: version, bundleVersion: version };
    }
    const restored = await this.restoreLastGood();
    await writeApplierState(this.statePath, {
      ...state,
      failedVersion: Math.max(state.failedVersion, version),
      pendingVersion: null,
    });
    if (restored) await this.runHealthCheck(restored);
    return {
      status: 'rolled-back',
      appliedVersion: state.appliedVersion,
      reason: 'health-check-failed',
      detail: health.reason,
      bundleVersion: version,
    };
  }

  private async runHealthCheck(config: ApplianceConfig): Promise<HealthVerdict> {
    try {
      return await this.opts.healthCheck(config);
    } catch (err) {
      return { ok: false, reason: `health check threw: ${(err as Error).message}` };
    }
  }

  /** Puts the last good configuration back; with none (first bundle ever) removes the new one. */
  private async restoreLastGood(): Promise<ApplianceConfig | null> {
    const lastGood = await readOptional(this.lastGoodPath);
    if (lastGood === null) {
      await unlink(this.configPath).catch(() => {});
      return null;
    }
    await writeFileDurably(this.configPath, lastGood);
    try {
      return parseConfig(migrate(JSON.parse(lastGood)).config, this.lastGoodPath);
    } catch {
      return null; // restored as it was; the appliance's own loader will report what is wrong with it
    }
  }
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

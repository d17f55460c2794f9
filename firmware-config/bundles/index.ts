/** Signed configuration bundles: the kiosk's applier and its MQTT wiring, and central's signer. */

export { BundleSignature, ConfigBundle, UnsignedBundle } from '../../contract/config/bundle.ts';
export {
  generateSigningKey,
  keyIdOf,
  type SigningKey,
  signBundle,
  type TrustedKey,
  trustedKeyOf,
  verifyBundleSignature,
} from '../../platform/bundle-signature.ts';
export { canonicalJson } from '../../platform/canonical-json.ts';
export {
  type ApplyReport,
  ConfigApplier,
  type ConfigApplierOptions,
  DEFAULT_CLOCK_SKEW_MS,
  type HealthVerdict,
  type RejectReason,
} from './applier.ts';
export { type ApplierState, readApplierState } from './applier-state.ts';
export { attachConfigSync, type ConfigSync } from './config-sync.ts';

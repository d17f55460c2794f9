/**
 * Kiosk-side provisioning: enrolment with a claim code, the enrolled identity and its MQTT TLS
 * options, factory reset and the hardware doctor. Wire additions proposed for contract/mqtt.ts
 * are in ./contract.ts.
 */

export {
  ConfigReported,
  ProvRefusal,
  ProvRequest,
  ProvResponse,
  provTopics,
  SERIAL_PATTERN,
} from '../contract/provisioning.ts';
export { type DoctorReport, doctorExitCode, formatDoctorReport, runDoctor } from './doctor/run-doctor.ts';
export { type EnrolOptions, enrolKiosk } from './enrol/enrol-client.ts';
export { AlreadyEnrolledError, EnrolLinkError, EnrolRefusedError } from './enrol/errors.ts';
export { connectErrorExplainer, explainConnectError } from './identity/broker-refusal.ts';
export { defaultDeviceSerial } from './identity/device-serial.ts';
export {
  identityPaths,
  type KioskIdentity,
  kioskMqttOptions,
  NotEnrolledError,
  readKioskIdentity,
  readTrustedConfigKeys,
} from './identity/kiosk-identity.ts';
export { factoryReset, formatResetReport, type ResetReport } from './reset/factory-reset.ts';

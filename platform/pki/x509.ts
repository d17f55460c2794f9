/**
 * The one entry point to @peculiar/x509, loaded at its first use rather than at import: the package
 * and what it needs (its ASN.1 schemas, tsyringe, a Babel runtime: some 250 modules, ~0.35 s of CPU)
 * were loaded by every process that merely imports an enrolment or certificate module: `shequ
 * --help` of most commands, the appliance and central at each start. Its algorithm registry
 * (tsyringe) refuses to load without the Reflect metadata polyfill, so reflect-metadata comes before
 * the package; then Node's WebCrypto is set as its provider. `x509.X` names the package's types too.
 */
import { webcrypto } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as X509 from '@peculiar/x509';

let loaded: typeof X509 | undefined;

function load(): typeof X509 {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    require('reflect-metadata');
    const x509 = require('@peculiar/x509') as typeof X509;
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    loaded = x509;
  }
  return loaded;
}

export const x509 = new Proxy({} as typeof X509, {
  get: (_, name) => load()[name as keyof typeof X509],
});

export declare namespace x509 {
  export type JsonName = X509.JsonName;
  export type JsonGeneralName = X509.JsonGeneralName;
  export type PublicKeyType = X509.PublicKeyType;
  export type Pkcs10CertificateRequest = X509.Pkcs10CertificateRequest;
  export type X509Certificate = X509.X509Certificate;
}

/**
 * The one entry point to @peculiar/x509: installs what it needs first. Its algorithm registry
 * (tsyringe) refuses to load without the Reflect metadata polyfill, so reflect-metadata comes before
 * the package; then Node's WebCrypto is set as its provider.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };

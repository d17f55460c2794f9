/** The one entry point to @peculiar/x509: installs what it needs (reflect shim, Node's WebCrypto) first. */
import './reflect-shim.ts';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };

/**
 * Kept for the server and worker entry points that import `ready` from here: it now chooses the
 * crypto backend (core/crypto/backend). New code imports cryptoReady from core/crypto.
 */
export { ready } from './backend';

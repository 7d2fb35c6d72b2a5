/**
 * The root public key the client trusts for policy signatures, fixed at build time, from
 * CC_ROOT_PUBLIC_KEY. There is no fallback: a build without an explicit key stops. (Until
 * issue 13, the build silently pinned the demo deployment's key, whose passphrase is public, so
 * a production bundle built without the variable trusted policies anyone could sign.) The demo
 * and test builds pass the demo key explicitly (`npm run build:client:demo`, scripts/*.sh).
 */
export function pinnedRootKey(source: NodeJS.ProcessEnv = process.env): string {
  const key = (source.CC_ROOT_PUBLIC_KEY ?? '').trim();
  if (!key) {
    throw new Error(
      'CC_ROOT_PUBLIC_KEY is not set: the client must pin the deployment root public key.\n' +
        '  Production: CC_ROOT_PUBLIC_KEY="$(npm run -s keys -- root-pubkey --dir <custodian key dir>)" npm run build:client\n' +
        '  Demo/tests: npm run build:client:demo (pins .data/demo-keys/root.pub, whose passphrase is public)',
    );
  }
  if (!/^[A-Za-z0-9_-]{43}$/.test(key)) throw new Error('CC_ROOT_PUBLIC_KEY must be a base64url Ed25519 public key (43 characters).');
  return key;
}

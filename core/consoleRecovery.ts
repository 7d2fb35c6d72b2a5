/**
 * The statement an investigator's browser signs (Ed25519, core/crypto signCanonical) with the
 * signing key it just opened with the recovery key, to set a new password. The server verifies
 * it against the account's signing public key; both sides build it here so they cannot drift.
 */
export type NewPasswordMaterial = { authSalt: string; authKey: string; byPassword: { v: 1; alg: string; nonce: string; ct: string } };

export function recoveryStatement(username: string, challenge: string, next: NewPasswordMaterial) {
  return { purpose: 'cc-console-recover/1', username, challenge, authSalt: next.authSalt, authKey: next.authKey, byPassword: next.byPassword };
}

/**
 * core/crypto: the only code that touches crypto libraries. `await cryptoReady()` once; every
 * other function is synchronous except the streaming and proof-of-work ones. Two backends give
 * the same bytes: libsodium (WebAssembly) and, where WebAssembly is missing (Tor Browser
 * "Safer"), a JavaScript one built on @noble. Specification: docs/crypto.md. Parameters named
 * "FOR VECTORS ONLY" (nonce, header, ephemeral key) exist so tests/vectors can pin outputs;
 * production callers never pass them.
 */
import { lib, ready, type BackendName, type ReadyOptions } from './backend';

export type { BackendName, ReadyOptions } from './backend';

/**
 * Chooses the backend (libsodium if its WebAssembly starts, else JavaScript) and resolves once
 * every crypto function may be called. `{ backend }` forces one: FOR TESTS AND BENCHMARKS only.
 */
export async function cryptoReady(options: ReadyOptions = {}): Promise<void> {
  // The default keeps cryptoReady.length at 0: jest passes `done` to hooks that declare a parameter.
  await ready(options);
}

/** The backend cryptoReady chose: 'javascript' means no WebAssembly here, so slower (the UI may say so). */
export function cryptoBackend(): BackendName {
  return lib().name;
}

export { CryptoError, CaseCodeError, type CryptoErrorCode, type CaseCodeProblem } from './errors';
export type { BoxKeyPair, SigningKeyPair, Dek, CaseSideKey, CaseToken, KeyId } from './types';
export { toB64u, fromB64u, utf8, fromUtf8, bytesEqual } from './encoding';
export { ARGON2ID, KDF, SALT_BYTES } from './kdf';
export { type CaseCode, generateCaseCode, parseCaseCode, checkCaseCode, formatCaseCode, caseCodeFromBytes } from './caseCode';
export {
  type CaseSecrets,
  type CaseKdfVersion,
  type CaseSecretsCandidate,
  CURRENT_CASE_KDF_VERSION,
  CASE_KDF_VERSIONS_TO_TRY,
  deriveCaseSecrets,
  caseSecretsFromMaster,
  caseSecretsForLookup,
  caseAuthVerifier,
  verifyCaseAuth,
} from './caseSecrets';
export { type Envelope, envelopeShapeProblem, associatedData } from './aead';
export {
  ENVELOPE_PAD_BLOCK,
  type MessageAuthor,
  dekSubkey,
  newContentId,
  sealReportBody,
  openReportBody,
  sealMessage,
  openMessage,
  sealFileMeta,
  openFileMeta,
  generateIdentityKey,
  sealIdentity,
  openIdentity,
  generateNotesKey,
  sealNote,
  openNote,
} from './envelope';
export {
  type KeyWrap,
  type WrapPurpose,
  wrapDekForUnit,
  unwrapDek,
  wrapIdentityKeyForUnit,
  unwrapIdentityKey,
  wrapNotesKeyForUnit,
  unwrapNotesKey,
  grantUnitKey,
  openUnitKeyGrant,
} from './wrap';
export { generateBoxKeyPair, boxKeyPairFromSecretKey, generateSigningKeyPair, signingKeyPairFromSeed, keyIdOf } from './keys';
export {
  ATTACHMENT_CHUNK,
  paddedAttachmentSize,
  encryptedAttachmentSize,
  attachmentShapeProblem,
  encryptAttachment,
  decryptAttachment,
  attachmentEncryptionStream,
  attachmentDecryptionStream,
  encryptAttachmentBytes,
  decryptAttachmentBytes,
} from './fileStream';
export {
  type InvestigatorKeys,
  type PasswordKeys,
  type LockedInvestigatorKeys,
  type RecoveryKey,
  generateInvestigatorKeys,
  newPasswordSalt,
  derivePasswordKeys,
  passwordKeysFromMaster,
  decoySaltForUnknownUser,
  authKeyVerifier,
  verifyAuthKey,
  generateRecoveryKey,
  recoveryKeyFromBytes,
  parseRecoveryKey,
  lockInvestigatorKeys,
  relockWithNewPassword,
  unlockWithPassword,
  unlockWithRecoveryKey,
} from './investigator';
export { type PowChallenge, type PowSolution, type SolveOptions, MAX_POW_DIFFICULTY, createPowChallenge, verifyPow, solvePow, powHash, leadingZeroBits } from './proofOfWork';
export { signCanonical, verifyCanonical, rootKeyId } from './signing';
export {
  type PassphraseKdf,
  type CustodianKey,
  newPassphraseKdf,
  deriveCustodianKey,
  encryptKeyFileSecret,
  decryptKeyFileSecret,
} from './custodian';
export { AUDIT_GENESIS, auditHash, shortCaseRef } from './audit';
export {
  type RewardClaim,
  type RewardClaimStatement,
  REWARD_CLAIM_FORMAT,
  REWARD_CLAIM_CONTEXT,
  rewardClaimBytes,
  rewardClaimRef,
  signRewardClaim,
  rewardClaimProblem,
  verifyRewardClaim,
} from './rewardClaim';

/**
 * core/crypto: the only code that touches libsodium. `await cryptoReady()` once; every other
 * function is synchronous except the streaming and proof-of-work ones. Specification:
 * docs/crypto.md. Parameters named "FOR VECTORS ONLY" (nonce, header, ephemeral key) exist so
 * tests/vectors can pin outputs; production callers never pass them.
 */
import { ready } from './sodium';

/** Loads libsodium's WebAssembly; resolves once every crypto function may be called. */
export async function cryptoReady(): Promise<void> {
  await ready();
}

export { CryptoError, CaseCodeError, type CryptoErrorCode, type CaseCodeProblem } from './errors';
export type { BoxKeyPair, SigningKeyPair, Dek, CaseSideKey, CaseToken, KeyId } from './types';
export { toB64u, fromB64u, utf8, fromUtf8, bytesEqual } from './encoding';
export { ARGON2ID, KDF, SALT_BYTES } from './kdf';
export { type CaseCode, generateCaseCode, parseCaseCode, checkCaseCode, formatCaseCode, caseCodeFromBytes } from './caseCode';
export { type CaseSecrets, deriveCaseSecrets, caseSecretsFromMaster, caseAuthVerifier, verifyCaseAuth } from './caseSecrets';
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

/**
 * The operations every crypto test vector exercises, shared by the generator (which fills in
 * `expect`), the Node check (jest) and the browser check (Chromium). Browser-safe: no node:
 * imports, no Buffer. Inputs pin every key, nonce, header and ephemeral key.
 */
import { canonicalJson } from '../../core/canonicalJson';
import {
  ARGON2ID,
  AUDIT_GENESIS,
  CryptoError,
  auditHash,
  shortCaseRef,
  type CaseSideKey,
  type CaseToken,
  type Dek,
  type Envelope,
  type KeyWrap,
  associatedData,
  authKeyVerifier,
  boxKeyPairFromSecretKey,
  caseAuthVerifier,
  caseCodeFromBytes,
  decoySaltForUnknownUser,
  decryptAttachment,
  decryptAttachmentBytes,
  decryptKeyFileSecret,
  dekSubkey,
  derivePasswordKeys,
  deriveCaseSecrets,
  deriveCustodianKey,
  encryptAttachment,
  encryptAttachmentBytes,
  encryptKeyFileSecret,
  formatCaseCode,
  fromB64u,
  fromUtf8,
  grantUnitKey,
  keyIdOf,
  leadingZeroBits,
  lockInvestigatorKeys,
  openFileMeta,
  openIdentity,
  openMessage,
  openNote,
  openReportBody,
  openUnitKeyGrant,
  paddedAttachmentSize,
  parseCaseCode,
  parseRecoveryKey,
  powHash,
  recoveryKeyFromBytes,
  sealFileMeta,
  sealIdentity,
  sealMessage,
  sealNote,
  sealReportBody,
  signCanonical,
  signRewardClaim,
  rewardClaimBytes,
  rewardClaimProblem,
  caseSecretsFromMaster,
  signingKeyPairFromSeed,
  solvePow,
  toB64u,
  unlockWithPassword,
  unlockWithRecoveryKey,
  unwrapDek,
  unwrapIdentityKey,
  unwrapNotesKey,
  utf8,
  verifyCanonical,
  verifyPow,
  wrapDekForUnit,
  wrapIdentityKeyForUnit,
  wrapNotesKeyForUnit,
} from '../../core/crypto';
import { toCrockford } from '../../core/crypto/encoding';
import { argon2id, blake2b, subkey } from '../../core/crypto/kdf';

export interface Vector {
  name: string;
  op: string;
  input: Record<string, unknown>;
  expect?: unknown;
}

export interface VectorFile {
  format: 'cc-crypto-vectors/1';
  description: string;
  vectors: Vector[];
}

// Vector inputs are JSON read from the file; each operation knows its own fields.
type Input = Record<string, any>;
type Operation = (input: Input) => unknown | Promise<unknown>;

const b = (text: string) => fromB64u(text);
const hash = (bytes: Uint8Array) => toB64u(blake2b(32, bytes));
/** Attachment test plaintext: byte i = (i + offset) mod 251. */
export function patternBytes(length: number, offset = 0): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i + offset) % 251;
  return out;
}

const CIPHER_CHUNK = 65536 + 17;
const PREFIX = 28;

function mutate(cipher: Uint8Array, mutation: string): Uint8Array {
  const chunk = (i: number) => (i < 0 ? new Uint8Array([0]) : cipher.slice(PREFIX + i * CIPHER_CHUNK, PREFIX + (i + 1) * CIPHER_CHUNK));
  const count = (cipher.length - PREFIX) / CIPHER_CHUNK;
  const join = (order: number[]) => {
    const parts = [cipher.slice(0, PREFIX), ...order.map(chunk)];
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  };
  const all = Array.from({ length: count }, (_, i) => i);
  switch (mutation) {
    case 'drop-last-chunk':
      return cipher.slice(0, cipher.length - CIPHER_CHUNK);
    case 'cut-inside-last-chunk':
      return cipher.slice(0, cipher.length - 100);
    case 'swap-chunks-0-1':
      return join([1, 0, ...all.slice(2)]);
    case 'flip-bit-in-chunk-2': {
      const copy = cipher.slice();
      copy[PREFIX + 2 * CIPHER_CHUNK + 1000] ^= 0x10;
      return copy;
    }
    case 'append-byte':
      return join([...all, -1]);
    default:
      throw new Error(`unknown mutation ${mutation}`);
  }
}

/** Runs fn; a CryptoError becomes { error: code } so negative vectors compare like outputs. */
async function outcome(fn: () => unknown): Promise<unknown> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof CryptoError) return { error: error.code };
    throw error;
  }
}

const envelopeKinds = {
  body: {
    seal: (i: Input) => sealReportBody(b(i.key) as Dek, i.caseToken as CaseToken, i.plaintext, b(i.nonce)),
    open: (i: Input, e: Envelope) => openReportBody(b(i.key) as Dek, i.caseToken as CaseToken, e),
  },
  message: {
    seal: (i: Input) => sealMessage(b(i.key) as Dek, i.caseToken as CaseToken, i.id, i.author, i.plaintext, b(i.nonce)),
    open: (i: Input, e: Envelope) => openMessage(b(i.key) as Dek, i.caseToken as CaseToken, i.id, i.author, e),
  },
  fileMeta: {
    seal: (i: Input) => sealFileMeta(b(i.key) as Dek, i.caseToken as CaseToken, i.id, i.plaintext, b(i.nonce)),
    open: (i: Input, e: Envelope) => openFileMeta(b(i.key) as Dek, i.caseToken as CaseToken, i.id, e),
  },
  identity: {
    seal: (i: Input) => sealIdentity(b(i.key) as CaseSideKey, i.caseToken as CaseToken, i.plaintext, b(i.nonce)),
    open: (i: Input, e: Envelope) => openIdentity(b(i.key) as CaseSideKey, i.caseToken as CaseToken, e),
  },
  note: {
    seal: (i: Input) => sealNote(b(i.key) as CaseSideKey, i.caseToken as CaseToken, i.id, i.plaintext, b(i.nonce)),
    open: (i: Input, e: Envelope) => openNote(b(i.key) as CaseSideKey, i.caseToken as CaseToken, i.id, e),
  },
} as const;

const wrapKinds = {
  dek: { wrap: wrapDekForUnit, unwrap: unwrapDek },
  identity: { wrap: wrapIdentityKeyForUnit, unwrap: unwrapIdentityKey },
  notes: { wrap: wrapNotesKeyForUnit, unwrap: unwrapNotesKey },
} as const;

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function piecewise(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

/** op name → computation of the expected output from the input. */
export const operations: Record<string, Operation> = {
  'encoding.crockford': (i) => ({ symbols: toCrockford(b(i.bytes)) }),

  'caseCode.fromBytes': (i) => {
    const code = caseCodeFromBytes(b(i.bytes));
    return { code, display: formatCaseCode(code) };
  },

  'caseCode.parse': (i) => {
    try {
      return { code: parseCaseCode(i.typed) };
    } catch (error) {
      if (error instanceof CryptoError) return { error: error.code, problem: (error as CryptoError & { problem?: string }).problem };
      throw error;
    }
  },

  'kdf.subkey': (i) => ({ subkey: toB64u(subkey(b(i.master), i.id, i.context)) }),

  argon2id: (i) => ({ output: toB64u(argon2id(utf8(i.password), b(i.salt), ARGON2ID[i.cost as keyof typeof ARGON2ID])) }),

  // Vectors written before case-code KDF version 2 carry no kdfVersion: they are version 1.
  'caseSecrets.derive': (i) => {
    const s = deriveCaseSecrets(i.typedCode, i.deploymentSalt, i.kdfVersion ?? 1);
    return {
      caseToken: s.caseToken,
      authSecret: toB64u(s.authSecret),
      authVerifier: caseAuthVerifier(s.authSecret),
      reporterPublicKey: toB64u(s.reporterKeyPair.publicKey),
      reporterSecretKey: toB64u(s.reporterKeyPair.secretKey),
      dek: toB64u(s.dek),
      dekSubkeys: {
        body: toB64u(dekSubkey(s.dek, 'body')),
        messages: toB64u(dekSubkey(s.dek, 'messages')),
        files: toB64u(dekSubkey(s.dek, 'files')),
        fileMeta: toB64u(dekSubkey(s.dek, 'fileMeta')),
      },
    };
  },

  associatedData: (i) => ({ ad: toB64u(associatedData(i.parts)) }),

  'envelope.seal': (i) => {
    const kind = envelopeKinds[i.kind as keyof typeof envelopeKinds];
    const envelope = kind.seal(i);
    return { envelope, opened: fromUtf8(kind.open(i, envelope)) };
  },

  'envelope.open': (i) => outcome(() => fromUtf8(envelopeKinds[i.kind as keyof typeof envelopeKinds].open(i, i.envelope))),

  'wrap.seal': (i) => {
    const recipient = boxKeyPairFromSecretKey(b(i.recipientSecretKey));
    const kind = wrapKinds[i.purpose as keyof typeof wrapKinds];
    const wrap = kind.wrap(b(i.key) as Dek & CaseSideKey, recipient.publicKey, b(i.ephemeralSecretKey));
    return { recipientPublicKey: toB64u(recipient.publicKey), wrap, unwrapped: toB64u(kind.unwrap(wrap, recipient)) };
  },

  'wrap.open': (i) => outcome(() => toB64u(wrapKinds[i.purpose as keyof typeof wrapKinds].unwrap(i.wrap as KeyWrap, boxKeyPairFromSecretKey(b(i.recipientSecretKey))))),

  'grant.seal': (i) => {
    const investigator = boxKeyPairFromSecretKey(b(i.investigatorSecretKey));
    const unit = boxKeyPairFromSecretKey(b(i.unitSecretKey));
    const grant = grantUnitKey(unit.secretKey, investigator.publicKey, b(i.ephemeralSecretKey));
    return { unitPublicKey: toB64u(unit.publicKey), grant, opened: toB64u(openUnitKeyGrant(grant, investigator, unit.publicKey).publicKey) };
  },

  'attachment.encrypt': async (i) => {
    const plain = patternBytes(i.plaintextLength, i.patternOffset);
    const dek = b(i.dek) as Dek;
    const cipher = encryptAttachmentBytes(dek, i.caseToken, i.fileId, plain, b(i.header));
    const streamed = await collect(encryptAttachment(dek, i.caseToken, i.fileId, piecewise(plain, i.pieceSize), b(i.header)));
    const back = await collect(decryptAttachment(dek, i.caseToken, i.fileId, piecewise(cipher, i.pieceSize)));
    return {
      ciphertextLength: cipher.length,
      ciphertextBlake2b256: hash(cipher),
      ciphertextHead: toB64u(cipher.slice(0, 96)),
      streamSameAsBytes: hash(streamed) === hash(cipher),
      decryptedBlake2b256: hash(back),
      plaintextBlake2b256: hash(plain),
    };
  },

  'attachment.tamper': (i) => {
    const dek = b(i.dek) as Dek;
    const cipher = encryptAttachmentBytes(dek, i.caseToken, i.fileId, patternBytes(i.plaintextLength, i.patternOffset), b(i.header));
    return outcome(() => decryptAttachmentBytes(dek, i.openCaseToken ?? i.caseToken, i.openFileId ?? i.fileId, mutate(cipher, i.mutation)));
  },

  'attachment.sizes': (i) => ({ padded: (i.sizes as number[]).map(paddedAttachmentSize) }),

  'password.derive': (i) => {
    const keys = derivePasswordKeys(i.password, i.salt);
    return { authKey: toB64u(keys.authKey), encKey: toB64u(keys.encKey), authVerifier: authKeyVerifier(keys.authKey, b(i.pepper)) };
  },

  'investigatorKeys.lock': (i) => {
    const keys = { box: boxKeyPairFromSecretKey(b(i.boxSecretKey)), sign: signingKeyPairFromSeed(b(i.signSeed)) };
    const recovery = recoveryKeyFromBytes(b(i.recoveryKey));
    const locked = lockInvestigatorKeys(keys, b(i.encKey), recovery.bytes, { password: b(i.passwordNonce), recovery: b(i.recoveryNonce) });
    const byPassword = unlockWithPassword(locked, b(i.encKey));
    const byRecovery = unlockWithRecoveryKey(locked, recovery.display);
    return {
      recoveryDisplay: recovery.display,
      recoveryParsed: toB64u(parseRecoveryKey(recovery.display.toLowerCase())),
      locked,
      unlockedMatch: toB64u(byPassword.sign.secretKey) === toB64u(byRecovery.sign.secretKey) && toB64u(byPassword.box.secretKey) === i.boxSecretKey,
    };
  },

  'investigatorKeys.unlock': (i) => outcome(() => toB64u(unlockWithPassword(i.locked, b(i.encKey)).box.publicKey)),

  'decoySalt': (i) => ({ salt: decoySaltForUnknownUser(i.userName, b(i.serverSecret)) }),

  'pow.hash': (i) => {
    const h = powHash(i.challenge, i.nonce);
    return { hash: toB64u(h), leadingZeroBits: leadingZeroBits(h), verifies: verifyPow({ challenge: i.challenge, difficulty: i.difficulty }, i.nonce) };
  },

  'pow.solve': async (i) => {
    const solution = await solvePow({ challenge: i.challenge, difficulty: i.difficulty }, { startCounter: 0 });
    return { ...solution, verifies: verifyPow({ challenge: i.challenge, difficulty: i.difficulty }, solution.nonce) };
  },

  'sign.canonical': (i) => {
    const pair = signingKeyPairFromSeed(b(i.seed));
    const publicKey = toB64u(pair.publicKey);
    const signature = signCanonical(i.value, pair.secretKey);
    return {
      publicKey,
      keyId: keyIdOf(pair.publicKey),
      canonical: canonicalJson(i.value),
      signature,
      verifies: verifyCanonical(i.value, signature, publicKey),
      verifiesChanged: verifyCanonical({ changed: i.value }, signature, publicKey),
    };
  },

  // Reward claims (docs/crypto.md §20): the signing key is case-code sub-key id 5; Ed25519 is deterministic.
  'rewardClaim.sign': (i) => {
    const pair = caseSecretsFromMaster(b(i.master), i.kdfVersion).reporterSigningKeyPair;
    const claim = signRewardClaim(pair, { deploymentId: i.deploymentId, date: i.date, claimant: i.claimant });
    return {
      claim,
      signedBytes: toB64u(rewardClaimBytes(claim.statement)),
      problem: rewardClaimProblem(claim),
      problemChanged: rewardClaimProblem({ ...claim, statement: { ...claim.statement, claimant: `${claim.statement.claimant}.` } }),
    };
  },

  'audit.hash': (i) => ({ genesis: AUDIT_GENESIS, hash: auditHash(canonicalJson(i.entry)) }),

  shortCaseRef: (i) => ({ ref: shortCaseRef(i.caseId) }),

  'keyFile.encrypt': (i) => {
    const key = deriveCustodianKey(i.passphrase, i.kdf);
    const envelope = encryptKeyFileSecret(key, b(i.secret), i.binding, b(i.nonce));
    const wrong = deriveCustodianKeyCached(i.wrongPassphrase, i.kdf);
    let wrongPassphrase = 'opened';
    try {
      decryptKeyFileSecret(wrong, envelope, i.binding);
    } catch (error) {
      wrongPassphrase = error instanceof CryptoError ? error.code : 'other';
    }
    return { envelope, decrypted: toB64u(decryptKeyFileSecret(key, envelope, i.binding)), wrongPassphrase };
  },
};

// The wrong-passphrase check costs another MODERATE derivation; keep it to one per run.
const custodianCache = new Map<string, ReturnType<typeof deriveCustodianKey>>();
function deriveCustodianKeyCached(passphrase: string, kdf: Parameters<typeof deriveCustodianKey>[1]) {
  const id = passphrase + canonicalJson(kdf);
  if (!custodianCache.has(id)) custodianCache.set(id, deriveCustodianKey(passphrase, kdf));
  return custodianCache.get(id)!;
}

/** Computes one vector's output (what `expect` must equal). */
export async function computeVector(vector: Vector): Promise<unknown> {
  const operation = operations[vector.op];
  if (!operation) throw new Error(`unknown op ${vector.op}`);
  // Round-trip through JSON so the comparison sees exactly what the file can hold.
  return JSON.parse(JSON.stringify(await operation(vector.input)));
}

/** Checks every vector; returns how many were checked and a line per failure. */
export async function runVectors(file: VectorFile): Promise<{ checked: number; failures: string[] }> {
  const failures: string[] = [];
  let checked = 0;
  if (file.format !== 'cc-crypto-vectors/1') return { checked, failures: [`unknown format ${String(file.format)}`] };
  for (const vector of file.vectors) {
    checked += 1;
    try {
      const actual = canonicalJson(await computeVector(vector));
      const expected = canonicalJson(vector.expect);
      if (actual !== expected) failures.push(`${vector.name}: expected ${expected.slice(0, 300)} got ${actual.slice(0, 300)}`);
    } catch (error) {
      failures.push(`${vector.name}: threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
  }
  return { checked, failures };
}

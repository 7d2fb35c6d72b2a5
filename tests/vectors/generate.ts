/**
 * Writes tests/vectors/crypto-vectors.json: fixed inputs (keys, nonces, headers, ephemeral
 * keys) for every core/crypto operation, with the outputs computed by core/crypto.
 * Run: npx tsx tests/vectors/generate.ts   (then review the diff: a change is a format change)
 */
import fs from 'node:fs';
import path from 'node:path';
import { cryptoReady, toB64u, utf8 } from '../../core/crypto';
import { blake2b } from '../../core/crypto/kdf';
import { computeVector, type Vector, type VectorFile } from './operations';

/** Deterministic "random" input bytes: BLAKE2b(label), so inputs are reproducible and distinct. */
const fixed = (label: string, n = 32) => toB64u(blake2b(n, utf8(`cc-vectors/${label}`)));
const zeros = (n: number) => toB64u(new Uint8Array(n));

function inputs(): Vector[] {
  const vectors: Vector[] = [];
  const add = (name: string, op: string, input: Record<string, unknown>) => vectors.push({ name, op, input });

  add('crockford 10 bytes', 'encoding.crockford', { bytes: toB64u(Uint8Array.from([0x00, 0x44, 0x32, 0x14, 0xc7, 0x42, 0x54, 0xb6, 0x35, 0xcf])) });
  add('crockford 20 bytes', 'encoding.crockford', { bytes: fixed('crockford', 20) });

  const codeBytes = ['zero', 'ones', 'a', 'b', 'c', 'd'].map((l, i) => (i === 0 ? zeros(10) : i === 1 ? toB64u(new Uint8Array(10).fill(255)) : fixed(`code-${l}`, 10)));
  codeBytes.forEach((bytes, i) => add(`case code from bytes #${i}`, 'caseCode.fromBytes', { bytes }));
  // A code whose mod-37 check is one of * ~ $ = U (10 bytes chosen by search in the generator below).
  add('case code with a Crockford extra check symbol', 'caseCode.fromBytes', { bytes: extraCheckBytes() });

  const typed = [
    'VW0C-FDBE-7MT6-WDEZ-D',
    'vw0c fdbe 7mt6 wdez d',
    'VWOC-FDBE-7MT6-WDEZ-D',
    'VW0C-FDBE-7MT6-WDEZ-E',
    'WV0C-FDBE-7MT6-WDEZ-D',
    'VW0C-FDBE-7MT6-WDEZ',
    'VW0C-FDBE-7MT6-WDEU-D',
    '',
    'VW0\u0421-FD\u0412E-7MT6-WDEZ-D', // Cyrillic С and В typed on a Russian or Kazakh layout
    '\u0474W0C-FDBE-7MT6-WDEZ-D', // Cyrillic izhitsa is not a look-alike we accept
    'VW0C-FDBE-7MT6-WDEZ-D-0',
  ];
  typed.forEach((t, i) => add(`case code parse #${i}: ${JSON.stringify(t)}`, 'caseCode.parse', { typed: t }));

  add('kdf case ctx id 1', 'kdf.subkey', { master: fixed('master'), context: 'cc-case1', id: 1 });
  add('kdf dek ctx id 4', 'kdf.subkey', { master: fixed('master'), context: 'cc-dek-1', id: 4 });
  add('argon2id INTERACTIVE', 'argon2id', { password: 'VW0CFDBE7MT6WDEZD', salt: fixed('salt', 16), cost: 'INTERACTIVE' });

  add('case secrets from a typed code', 'caseSecrets.derive', { typedCode: 'vw0c-fdbe-7mt6-wdez-d', deploymentSalt: fixed('deployment-salt', 16) });
  add('case secrets, other salt', 'caseSecrets.derive', { typedCode: 'VW0C-FDBE-7MT6-WDEZ-D', deploymentSalt: fixed('deployment-salt-2', 16) });
  add('argon2id CASE_CODE_V2', 'argon2id', { password: 'VW0CFDBE7MT6WDEZD', salt: fixed('salt', 16), cost: 'CASE_CODE_V2' });
  add('case secrets, KDF version 2', 'caseSecrets.derive', { typedCode: 'vw0c-fdbe-7mt6-wdez-d', deploymentSalt: fixed('deployment-salt', 16), kdfVersion: 2 });
  add('case secrets, KDF version 2, other salt', 'caseSecrets.derive', { typedCode: 'VW0C-FDBE-7MT6-WDEZ-D', deploymentSalt: fixed('deployment-salt-2', 16), kdfVersion: 2 });
  add('kdf case v2 ctx id 3', 'kdf.subkey', { master: fixed('master'), context: 'cc-case2', id: 3 });

  add('associated data', 'associatedData', { parts: ['message', 'case-token', 'msg-1', 'reporter'] });
  add('associated data, unicode part', 'associatedData', { parts: ['note', 'қазақ тілі'] });

  const caseToken = fixed('case-token');
  const envelopeInput = (kind: string, extra: Record<string, unknown>) => ({ kind, key: fixed(`key-${kind}`), caseToken, nonce: fixed(`nonce-${kind}`, 24), ...extra });
  add('report body, short', 'envelope.seal', envelopeInput('body', { plaintext: 'A bribe was demanded at the land office.' }));
  add('report body, exactly 4096 bytes (pads to 8192)', 'envelope.seal', envelopeInput('body', { plaintext: 'x'.repeat(4096) }));
  add('report body, empty', 'envelope.seal', envelopeInput('body', { plaintext: '' }));
  add('message from reporter', 'envelope.seal', envelopeInput('message', { id: 'msg-1', author: 'reporter', plaintext: 'Мен қосымша құжаттар жібере аламын.' }));
  add('message from investigator', 'envelope.seal', envelopeInput('message', { id: 'msg-2', author: 'investigator', plaintext: 'Спасибо, мы получили ваше сообщение.' }));
  add('file metadata', 'envelope.seal', envelopeInput('fileMeta', { id: 'file-1', plaintext: '{"name":"invoice.pdf","type":"application/pdf","size":48213}' }));
  add('confidential identity', 'envelope.seal', envelopeInput('identity', { plaintext: '{"name":"A. Reporter","phone":"+7 700 000 00 00"}' }));
  add('investigator note', 'envelope.seal', envelopeInput('note', { id: 'note-1', plaintext: 'Cross-check with procurement file 2024/17.' }));

  add('wrap DEK for unit', 'wrap.seal', { purpose: 'dek', key: fixed('dek'), recipientSecretKey: fixed('unit-secret'), ephemeralSecretKey: fixed('ephemeral-1') });
  add('wrap identity key for unit', 'wrap.seal', { purpose: 'identity', key: fixed('identity-key'), recipientSecretKey: fixed('unit-secret'), ephemeralSecretKey: fixed('ephemeral-2') });
  add('wrap notes key for unit', 'wrap.seal', { purpose: 'notes', key: fixed('notes-key'), recipientSecretKey: fixed('unit-secret'), ephemeralSecretKey: fixed('ephemeral-3') });
  add('grant unit key to investigator', 'grant.seal', { unitSecretKey: fixed('unit-secret'), investigatorSecretKey: fixed('investigator-secret'), ephemeralSecretKey: fixed('ephemeral-4') });

  const attachment = { dek: fixed('dek'), caseToken, fileId: 'file-1', header: fixed('header', 24), patternOffset: 0 };
  add('attachment, empty file', 'attachment.encrypt', { ...attachment, plaintextLength: 0, pieceSize: 4096 });
  add('attachment, exactly one chunk', 'attachment.encrypt', { ...attachment, plaintextLength: 65536, pieceSize: 10000 });
  add('attachment, 300000 bytes (bucket 320 KiB)', 'attachment.encrypt', { ...attachment, plaintextLength: 300000, pieceSize: 65536, patternOffset: 17 });
  const tamper = { ...attachment, plaintextLength: 200000 };
  for (const mutation of ['drop-last-chunk', 'cut-inside-last-chunk', 'swap-chunks-0-1', 'flip-bit-in-chunk-2', 'append-byte']) {
    add(`attachment tampered: ${mutation}`, 'attachment.tamper', { ...tamper, mutation });
  }
  add('attachment opened as another file', 'attachment.tamper', { ...tamper, mutation: 'append-byte', openFileId: 'file-2' });
  add('attachment size buckets', 'attachment.sizes', { sizes: [0, 1, 262143, 262144, 300000, 524287, 524288, 1000000, 10485760, 104857600, 2147483648] });

  add('investigator password derivation (MODERATE)', 'password.derive', { password: 'correct horse battery staple', salt: fixed('user-salt', 16), pepper: fixed('pepper') });
  add('investigator keys locked', 'investigatorKeys.lock', {
    boxSecretKey: fixed('inv-box'),
    signSeed: fixed('inv-sign'),
    encKey: fixed('enc-key'),
    recoveryKey: fixed('recovery', 20),
    passwordNonce: fixed('lock-nonce-1', 24),
    recoveryNonce: fixed('lock-nonce-2', 24),
  });
  add('decoy salt for an unknown user', 'decoySalt', { userName: 'no.such.user', serverSecret: fixed('server-secret') });

  add('pow hash (difficulty met)', 'pow.hash', { challenge: zeros(32), nonce: '8iUAAAAAAAA', difficulty: 12 });
  add('pow hash (difficulty not met)', 'pow.hash', { challenge: zeros(32), nonce: zeros(8), difficulty: 12 });
  add('pow solve difficulty 10', 'pow.solve', { challenge: fixed('challenge'), difficulty: 10 });

  add('sign canonical policy-like value', 'sign.canonical', { seed: fixed('root-seed'), value: { version: 3, units: [{ id: 'aca@KZ-75', name: { kk: 'Сыбайлас', ru: 'Антикоррупционная', en: 'ACA' } }], b: true, a: null } });
  add('sign canonical string', 'sign.canonical', { seed: fixed('investigator-seed'), value: 'audit anchor 42' });

  add('reward claim, KDF version 2', 'rewardClaim.sign', { master: fixed('master'), kdfVersion: 2, deploymentId: 'kz-default', date: '2027-03-14', claimant: 'Айгерім Серікқызы, ИИН 900101300126' });
  add('reward claim, KDF version 1, no claimant', 'rewardClaim.sign', { master: fixed('master'), kdfVersion: 1, deploymentId: 'kz-default', date: '2027-03-14', claimant: '' });

  add('audit entry hash', 'audit.hash', { entry: { seq: 1, prev: '0'.repeat(64), action: 'case.assigned', at: '2026-11-02T10:00:00.000Z', actor: 'inv-7' } });
  add('short case reference', 'shortCaseRef', { caseId: '6745a1f0c2b3d4e5f6a7b8c9' });

  add('custodian key file', 'keyFile.encrypt', {
    passphrase: 'a long custodian passphrase',
    wrongPassphrase: 'a long custodian passphrasf',
    kdf: { alg: 'argon2id13', opsLimit: 3, memLimit: 268435456, salt: fixed('keystore-salt', 16) },
    secret: fixed('root-seed'),
    binding: ['root', 'root', '1', 'public-key'],
    nonce: fixed('keyfile-nonce', 24),
  });
  return vectors;
}

function extraCheckBytes(): string {
  for (let i = 0; ; i++) {
    const bytes = blake2b(10, utf8(`cc-vectors/extra-check-${i}`));
    let r = 0;
    for (const symbol of toCrockfordLocal(bytes)) r = (r * 32 + '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(symbol)) % 37;
    if (r >= 32) return toB64u(bytes);
  }
}

function toCrockfordLocal(bytes: Uint8Array): string {
  let bits = '';
  for (const byte of bytes) bits += byte.toString(2).padStart(8, '0');
  return (bits.match(/.{5}/g) ?? []).map((chunk) => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[parseInt(chunk, 2)]).join('');
}

/** Opens-what-was-sealed and tampered-envelope negatives, derived from computed seals. */
function negatives(vectors: Vector[]): Vector[] {
  const extra: Vector[] = [];
  const body = vectors.find((v) => v.name === 'report body, short')!;
  const env = (body.expect as { envelope: { ct: string } }).envelope;
  const flipped = env.ct.slice(0, 10) + (env.ct[10] === 'A' ? 'B' : 'A') + env.ct.slice(11);
  extra.push({ name: 'report body opens', op: 'envelope.open', input: { ...body.input, envelope: env } });
  extra.push({ name: 'report body, flipped ciphertext bit', op: 'envelope.open', input: { ...body.input, envelope: { ...env, ct: flipped } } });
  extra.push({ name: 'report body, other case token', op: 'envelope.open', input: { ...body.input, caseToken: 'other', envelope: env } });
  const message = vectors.find((v) => v.name === 'message from reporter')!;
  const menv = (message.expect as { envelope: unknown }).envelope;
  extra.push({ name: 'reporter message presented as investigator message', op: 'envelope.open', input: { ...message.input, author: 'investigator', envelope: menv } });
  const wrap = vectors.find((v) => v.name === 'wrap DEK for unit')!;
  const w = (wrap.expect as { wrap: Record<string, unknown> }).wrap;
  extra.push({ name: 'DEK wrap opens', op: 'wrap.open', input: { purpose: 'dek', wrap: w, recipientSecretKey: wrap.input.recipientSecretKey } });
  extra.push({ name: 'DEK wrap with other unit key', op: 'wrap.open', input: { purpose: 'dek', wrap: w, recipientSecretKey: fixed('other-unit') } });
  extra.push({ name: 'DEK wrap relabelled as identity', op: 'wrap.open', input: { purpose: 'identity', wrap: { ...w, purpose: 'identity' }, recipientSecretKey: wrap.input.recipientSecretKey } });
  const locked = vectors.find((v) => v.op === 'investigatorKeys.lock')!;
  const l = (locked.expect as { locked: unknown }).locked;
  extra.push({ name: 'investigator keys unlock', op: 'investigatorKeys.unlock', input: { locked: l, encKey: locked.input.encKey } });
  extra.push({ name: 'investigator keys, wrong encKey', op: 'investigatorKeys.unlock', input: { locked: l, encKey: fixed('wrong-enc-key') } });
  return extra;
}

async function main() {
  // The vectors are libsodium's output: the JavaScript backend must reproduce them, never define them.
  await cryptoReady({ backend: 'libsodium' });
  const vectors = inputs();
  for (const vector of vectors) vector.expect = await computeVector(vector);
  const extra = negatives(vectors);
  for (const vector of extra) vector.expect = await computeVector(vector);
  const file: VectorFile = {
    format: 'cc-crypto-vectors/1',
    description:
      'core/crypto test vectors (docs/crypto.md). Bytes are base64url without padding. Every key, nonce, secretstream header and sealed-box ephemeral key is fixed in the input. Attachment plaintext byte i = (i + patternOffset) mod 251. Checked in Node (tests/unit/crypto/vectors.test.ts) and in Chromium (tests/e2e/cryptoVectorsInChromium.test.ts).',
    vectors: [...vectors, ...extra],
  };
  const out = path.join(__dirname, 'crypto-vectors.json');
  fs.writeFileSync(out, JSON.stringify(file, null, 1) + '\n');
  console.log(`wrote ${file.vectors.length} vectors to ${path.relative(process.cwd(), out)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

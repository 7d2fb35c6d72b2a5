/**
 * The custodian's key directory. Every private key is stored encrypted (XChaCha20-Poly1305
 * under a key derived from the passphrase with Argon2id MODERATE; docs/crypto.md §Key files);
 * key files are mode 0600, the directory 0700. One Argon2 salt per directory, so a command
 * touching many keys derives the passphrase key once.
 *
 *   <dir>/root.key.json                 deployment root Ed25519 key (cc-root-key/1)
 *   <dir>/root.pub                      root public key, base64url + newline (for the client build)
 *   <dir>/units/<unitId>/gen-<n>.key.json   unit X25519 key, generation n (cc-unit-key/1)
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  CryptoError,
  type CustodianKey,
  type Envelope,
  type PassphraseKdf,
  type SigningKeyPair,
  decryptKeyFileSecret,
  deriveCustodianKey,
  encryptKeyFileSecret,
  fromB64u,
  generateBoxKeyPair,
  keyIdOf,
  signingKeyPairFromSeed,
  toB64u,
} from '../core/crypto';
import { CliError, prettyJson, readJsonFile, writeFileAtomic } from './cliSupport';

export const SECRET_FILE_MODE = 0o600;
export const PUBLIC_FILE_MODE = 0o644;

export interface RootKeyFile {
  format: 'cc-root-key/1';
  alg: 'Ed25519';
  publicKey: string;
  keyId: string;
  createdAt: string;
  kdf: PassphraseKdf;
  /** The 32-byte Ed25519 seed, encrypted. */
  secret: Envelope;
}

export interface UnitKeyFile {
  format: 'cc-unit-key/1';
  alg: 'X25519';
  unitId: string;
  generation: number;
  publicKey: string;
  keyId: string;
  createdAt: string;
  retiredAt?: string;
  /**
   * The next generation, signed into the policy in advance and granted to nobody until a member
   * holding the unit key is removed (docs/crypto.md §13). At most one per unit, the highest.
   */
  standby?: true;
  kdf: PassphraseKdf;
  /** The 32-byte X25519 secret key, encrypted. */
  secret: Envelope;
}

/** A key directory opened with the right passphrase. */
export interface UnlockedStore {
  dir: string;
  kdf: PassphraseKdf;
  key: CustodianKey;
  root: SigningKeyPair;
}

export const rootKeyPath = (dir: string) => path.join(dir, 'root.key.json');
export const rootPubPath = (dir: string) => path.join(dir, 'root.pub');
const unitDir = (dir: string, unitId: string) => path.join(dir, 'units', checkUnitId(unitId));
const unitKeyPath = (dir: string, unitId: string, generation: number) => path.join(unitDir(dir, unitId), `gen-${generation}.key.json`);

/** AD binding of a key file's secret: kind, id, generation, public key. */
export const rootBinding = (publicKey: string) => ['root', 'root', '1', publicKey];
export const unitBinding = (unitId: string, generation: number, publicKey: string) => ['unit', unitId, String(generation), publicKey];

/** Unit ids become folder names: allow only the policy's `<kind>@<REGION>` alphabet. */
export function checkUnitId(unitId: string): string {
  if (!/^[a-z][a-z0-9_]{0,39}@[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(unitId)) throw new CliError(`"${unitId}" is not a unit id such as aca@KZ-75`, 2);
  return unitId;
}

export function readRootKeyFile(dir: string): RootKeyFile {
  if (!fs.existsSync(rootKeyPath(dir))) throw new CliError(`${rootKeyPath(dir)} does not exist: run "init --dir ${dir}" first`);
  const file = readJsonFile(rootKeyPath(dir), 'root key file') as RootKeyFile;
  if (file?.format !== 'cc-root-key/1' || typeof file.publicKey !== 'string') throw new CliError(`${rootKeyPath(dir)} is not a cc-root-key/1 file`);
  return file;
}

/**
 * Derives the passphrase key once and proves it by decrypting the root key. A wrong passphrase
 * fails here, before any command writes anything.
 */
export function unlockStore(dir: string, passphrase: string): UnlockedStore {
  const file = readRootKeyFile(dir);
  const key = deriveCustodianKey(passphrase, file.kdf);
  let seed: Uint8Array;
  try {
    seed = decryptKeyFileSecret(key, file.secret, rootBinding(file.publicKey));
  } catch (error) {
    if (error instanceof CryptoError) throw new CliError(`wrong passphrase: it does not decrypt ${rootKeyPath(dir)}`);
    throw error;
  }
  const root = signingKeyPairFromSeed(seed);
  if (toB64u(root.publicKey) !== file.publicKey) throw new CliError(`${rootKeyPath(dir)} is inconsistent: its secret does not match its public key`);
  return { dir, kdf: file.kdf, key, root };
}

/** The root key file content for a new deployment (nothing written). */
export function makeRootKeyFile(key: CustodianKey, kdf: PassphraseKdf, root: SigningKeyPair, createdAt: string): RootKeyFile {
  const publicKey = toB64u(root.publicKey);
  const secret = encryptKeyFileSecret(key, root.secretKey.slice(0, 32), rootBinding(publicKey));
  return { format: 'cc-root-key/1', alg: 'Ed25519', publicKey, keyId: keyIdOf(root.publicKey), createdAt, kdf, secret };
}

/** A unit key file for a fresh secret key (nothing written). */
export function makeUnitKeyFile(
  store: UnlockedStore,
  unitId: string,
  generation: number,
  secretKey: Uint8Array,
  publicKey: Uint8Array,
  createdAt: string,
  options: { standby?: boolean } = {},
): UnitKeyFile {
  const pk = toB64u(publicKey);
  return {
    format: 'cc-unit-key/1',
    alg: 'X25519',
    unitId: checkUnitId(unitId),
    generation,
    publicKey: pk,
    keyId: keyIdOf(publicKey),
    createdAt,
    ...(options.standby ? { standby: true as const } : {}),
    kdf: store.kdf,
    secret: encryptKeyFileSecret(store.key, secretKey, unitBinding(unitId, generation, pk)),
  };
}

/** A new X25519 key pair as a key file (nothing written); the plain secret key is wiped once encrypted. */
export function newUnitKeyFile(store: UnlockedStore, unitId: string, generation: number, createdAt: string, options: { standby?: boolean } = {}): UnitKeyFile {
  const pair = generateBoxKeyPair();
  const file = makeUnitKeyFile(store, unitId, generation, pair.secretKey, pair.publicKey, createdAt, options);
  pair.secretKey.fill(0);
  return file;
}

/** All key files of a unit, by ascending generation. */
export function listUnitKeys(dir: string, unitId: string): UnitKeyFile[] {
  const folder = unitDir(dir, unitId);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((name) => /^gen-\d+\.key\.json$/.test(name))
    .map((name) => readJsonFile(path.join(folder, name), 'unit key file') as UnitKeyFile)
    .filter((file) => file?.format === 'cc-unit-key/1' && file.unitId === unitId)
    .sort((a, b) => a.generation - b.generation);
}

/** The active generation among a unit's key files: the highest that is neither retired nor standby. */
export function activeKeyFile(files: UnitKeyFile[]): UnitKeyFile | undefined {
  return files.filter((k) => !k.retiredAt && !k.standby).pop();
}

/**
 * The unit's standby key file, if any. Refuses a directory that breaks the policy's rules (two
 * standbys, or one below another generation): promoting or granting from it would be guesswork.
 */
export function standbyKeyFile(files: UnitKeyFile[]): UnitKeyFile | undefined {
  const standbys = files.filter((k) => k.standby);
  if (!standbys.length) return undefined;
  const top = files[files.length - 1];
  if (standbys.length > 1 || standbys[0] !== top || top.retiredAt) {
    throw new CliError(`the key files of ${top.unitId} are inconsistent: a unit has at most one standby key, its highest generation, never retired`);
  }
  return top;
}

/** Decrypts a unit key file's secret key. */
export function openUnitKey(store: UnlockedStore, file: UnitKeyFile): Uint8Array {
  try {
    return decryptKeyFileSecret(store.key, file.secret, unitBinding(file.unitId, file.generation, file.publicKey));
  } catch (error) {
    if (error instanceof CryptoError) throw new CliError(`cannot decrypt the key of ${file.unitId} generation ${file.generation}: edited file or another key directory`);
    throw error;
  }
}

/** Writes a secret-bearing key file (0600, atomic), creating its folders 0700. */
export function writeUnitKeyFile(dir: string, file: UnitKeyFile): void {
  fs.mkdirSync(unitDir(dir, file.unitId), { recursive: true, mode: 0o700 });
  writeFileAtomic(unitKeyPath(dir, file.unitId, file.generation), prettyJson(file), SECRET_FILE_MODE);
}

/** Writes the root key file (0600) and root.pub (0644) into a new directory. */
export function writeRootFiles(dir: string, file: RootKeyFile): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700); // it may already exist (mkdir -p) with a wider mode
  writeFileAtomic(rootKeyPath(dir), prettyJson(file), SECRET_FILE_MODE);
  writeFileAtomic(rootPubPath(dir), `${file.publicKey}\n`, PUBLIC_FILE_MODE);
}

/** A root public key from --root (file holding base64url) or --root-key (the value). */
export function rootPublicKeyFrom(rootFile: string | undefined, rootKey: string | undefined): string {
  const value = rootKey ?? (rootFile ? readTextFile(rootFile) : undefined);
  if (!value) throw new CliError('give the root public key with --root FILE or --root-key BASE64URL', 2);
  try {
    fromB64u(value.trim(), 32);
  } catch {
    throw new CliError('the root public key is not 32 bytes of base64url');
  }
  return value.trim();
}

function readTextFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`cannot read ${file}`);
  }
}

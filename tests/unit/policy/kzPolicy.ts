/** Test fixtures: the default Kazakhstan policy source as committed, and parsed. */
import fs from 'node:fs';
import path from 'node:path';
import { parsePolicySource } from '../../../core/policy/parse';
import type { Policy, PolicySource } from '../../../core/policy/schema';

export const KZ_SOURCE_PATH = path.resolve(__dirname, '../../../keys/policies/kz.source.json');

/** A fresh deep copy of the committed source (safe to mutate in a test). */
export function kzSource(): PolicySource {
  return JSON.parse(fs.readFileSync(KZ_SOURCE_PATH, 'utf8')) as PolicySource;
}

let parsed: Policy | undefined;
/** The parsed default policy (shared, do not mutate). */
export function kzPolicy(): Policy {
  parsed ??= parsePolicySource(kzSource());
  return parsed;
}

/** A valid base64url X25519 public key made of one repeated byte (shape only). */
export function fakeX25519(byte: number): string {
  return Buffer.alloc(32, byte).toString('base64url');
}

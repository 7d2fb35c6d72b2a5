/**
 * Turns the reporter's answers into an encrypted submission: in the reporter's browser, or (for
 * the no-JavaScript form only) in the server's request memory, by the very same code:
 * a fresh case code → case secrets (Argon2id with the policy's deployment salt) → the route
 * and its candidate units (core/routing, same engine as the workers) → the body sealed under
 * the case DEK → the DEK (and, in confidential mode, a separate identity key) sealed to the
 * current key of every candidate unit. The server receives only ciphertext, wraps and the
 * routing choices; the code never leaves this page.
 */
import {
  caseAuthVerifier,
  deriveCaseSecrets,
  fromB64u,
  generateCaseCode,
  generateIdentityKey,
  sealIdentity,
  sealReportBody,
  toB64u,
  utf8,
  wrapDekForUnit,
  wrapIdentityKeyForUnit,
  type CaseCode,
  type CaseSecrets,
} from '../crypto';
import { sealingKeys, type ActivatedStandby, type Policy } from '../policy';
import { padSubmission } from './padding';
import { identityReaders, reportReaders, routeCase, type RoutingMetadata } from '../routing';
import { identityJson, type Identity } from './identity';

export type Details = { when: string; where: string; who: string; evidence: string };

export type ReportDraft = {
  routing: RoutingMetadata;
  description: string;
  details: Details;
  /** Present only in confidential mode. */
  identity?: Identity;
  /** The language the reporter wrote in, so investigators can answer in it. */
  lang: string;
  attachments: number;
};

export type BuiltReport = { code: CaseCode; secrets: CaseSecrets; submission: Record<string, unknown> };

export class NoUnitKeysError extends Error {}

/** The plaintext of the report body: description and the non-empty structured fields. */
export function reportBodyJson(draft: Pick<ReportDraft, 'description' | 'details' | 'lang'>): string {
  const details = Object.fromEntries(Object.entries(draft.details).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
  return JSON.stringify({ description: draft.description.trim(), ...details, lang: draft.lang });
}

/** Bytes the body takes before encryption (checked against policy.limits.maxBodyBytes). */
export function reportBodySize(draft: Pick<ReportDraft, 'description' | 'details' | 'lang'>): number {
  return utf8(reportBodyJson(draft)).length;
}

/** Builds the whole submission (without proof of work). Synchronous: Argon2id blocks ~0.1–0.3 s. */
export function buildSubmission(policy: Policy, draft: ReportDraft, standby: ActivatedStandby = {}): BuiltReport {
  const route = routeCase(policy, draft.routing);
  // Exactly the lists the form shows before sending (core/routing/readers.ts).
  const keys = sealingKeys(policy, reportReaders(policy, draft.routing, standby, route), standby);
  if (keys.length === 0) throw new NoUnitKeysError('no candidate unit has a current key');
  const code = generateCaseCode();
  const secrets = deriveCaseSecrets(code, policy.deploymentSalt);
  const publicKeys = keys.map(({ unitId, key }) => ({ unitId, generation: key.generation, publicKey: fromB64u(key.publicKey, 32) }));
  const submission: Record<string, unknown> = {
    v: 1,
    policyVersion: policy.version,
    caseToken: secrets.caseToken,
    authVerifier: caseAuthVerifier(secrets.authSecret),
    reporterPublicKey: toB64u(secrets.reporterKeyPair.publicKey),
    reporterSigningKey: toB64u(secrets.reporterSigningKeyPair.publicKey),
    routing: { ...draft.routing, flags: [...draft.routing.flags].sort() },
    body: sealReportBody(secrets.dek, secrets.caseToken, reportBodyJson(draft)),
    wraps: publicKeys.map((k) => ({ unitId: k.unitId, generation: k.generation, wrap: wrapDekForUnit(secrets.dek, k.publicKey) })),
    attachments: draft.attachments,
  };
  if (draft.identity) {
    // A random key, not derived from the code: holding the DEK (or the code) never reveals the identity.
    const identityKey = generateIdentityKey();
    // The identity goes to a shorter list than the report: the receiving unit and triage.
    const identityUnits = identityReaders(policy, draft.routing, standby, route);
    submission.identity = {
      sealed: sealIdentity(identityKey, secrets.caseToken, identityJson(draft.identity)),
      wraps: publicKeys.filter((k) => identityUnits.includes(k.unitId)).map((k) => ({ unitId: k.unitId, generation: k.generation, wrap: wrapIdentityKeyForUnit(identityKey, k.publicKey) })),
    };
  }
  // Last: the pad depends on every other field's length (docs/crypto.md "Sizes").
  return { code, secrets, submission: padSubmission(policy, submission) };
}

/** The value of `Authorization` for calls about this case. */
export function caseAuthHeader(secrets: CaseSecrets): string {
  return `Case ${secrets.caseToken}.${toB64u(secrets.authSecret)}`;
}

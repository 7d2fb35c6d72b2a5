import { DomainError } from '../errors';

/**
 * Stable codes: `invalid_policy` (schema or cross-reference problems, listed in `issues`),
 * `bad_signed_format`, `bad_signature`, `key_id_mismatch`, `policy_not_valid_now`,
 * `policy_rollback`, `unknown_unit`.
 */
export type PolicyErrorCode =
  | 'invalid_policy'
  | 'bad_signed_format'
  | 'bad_signature'
  | 'key_id_mismatch'
  | 'policy_not_valid_now'
  | 'policy_rollback'
  | 'unknown_unit';

/** A policy that must not be used. `issues` lists every problem found, as "path: message". */
export class PolicyError extends DomainError {
  constructor(
    override readonly code: PolicyErrorCode,
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super('invalid', code, issues.length ? `${message}\n${issues.map((i) => `- ${i}`).join('\n')}` : message);
    this.name = 'PolicyError';
  }
}

import { CryptoError } from '../../../core/crypto';
import type { ReporterT } from '../messages';
import { ApiError, NetworkError } from './api';
import { NoUnitKeysError } from '../../../core/submission';
import { CryptoBlockedError } from './cryptoStart';

/**
 * Why the portal could not start, so the reporter is told the real cause: encryption blocked by
 * the browser (not the connection), the request never answered (the connection), or the
 * server answered with an error (not the connection either).
 */
/** `expired`: no signed policy is valid now (server 503 `no_policy`): the service is paused until the custodian signs a new one. */
export type StartFailure = 'blocked' | 'connection' | 'server' | 'expired';

/** Classifies a failure while starting encryption and fetching the policy. */
export function startFailure(err: unknown): StartFailure {
  if (err instanceof CryptoBlockedError) return 'blocked';
  if (err instanceof NetworkError) return 'connection';
  if (err instanceof ApiError && err.code === 'no_policy') return 'expired';
  return 'server';
}

/** Server answers meaning "the policy this page verified is no longer the one in force". */
export const POLICY_CHANGED_CODES = new Set(['unknown_policy_version', 'policy_version_expired', 'invalid_routing', 'unknown_unit_key', 'wrap_key_mismatch', 'unit_key_rotated']);

export function isPolicyChange(err: unknown): boolean {
  return err instanceof ApiError && POLICY_CHANGED_CODES.has(err.code);
}

/** Per-case caps (docs/reporter.md "Limits per case"): each has its own words. */
const CAP_TEXTS: Record<string, string> = {
  message_limit_reached: 'errors.messageLimit',
  message_bytes_limit_reached: 'errors.messageBytesLimit',
  case_file_limit: 'errors.fileLimit',
  case_too_large: 'errors.caseBytesLimit',
  file_too_large: 'errors.fileTooLarge',
};

/**
 * A failure in words the reporter can act on, in the current language. Errors are kept as
 * objects in component state and turned into text at render time, so switching the language
 * translates them too.
 */
export function errorText(t: ReporterT, err: unknown): string {
  if (err instanceof NetworkError) return t('errors.network');
  if (err instanceof NoUnitKeysError) return t('form.noUnitKeys');
  if (err instanceof CryptoBlockedError) return t('start.blocked');
  if (err instanceof CryptoError) return t('errors.crypto');
  if (err instanceof ApiError) {
    if (isPolicyChange(err)) return t('errors.policyChanged');
    if (err.code === 'case_exists') return t('errors.caseExists');
    if (Object.prototype.hasOwnProperty.call(CAP_TEXTS, err.code)) return t(CAP_TEXTS[err.code]);
    if (err.status === 413) return t('errors.tooLarge', { code: err.code });
    if (err.status === 503 || err.status === 429 || err.status >= 500) return t('errors.busy');
    return t('errors.rejected', { code: err.code });
  }
  // Not an answer from the server: saying "the server refused" would send the reporter the wrong way.
  return t('errors.unexpected', { code: err instanceof Error ? err.name : 'error' });
}

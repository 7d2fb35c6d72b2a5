import { DomainError } from '../errors';

/** Stable reason codes of every failure core/crypto reports; callers and tests match on them. */
export type CryptoErrorCode =
  | 'not_ready'
  | 'bad_encoding'
  | 'bad_key'
  | 'bad_input'
  | 'bad_case_code'
  | 'bad_recovery_key'
  | 'bad_envelope'
  | 'decrypt_failed'
  | 'unwrap_failed'
  | 'wrong_key_purpose'
  | 'bad_stream_header'
  | 'stream_truncated'
  | 'stream_corrupt'
  | 'stream_trailing_data'
  | 'pow_aborted';

/**
 * A crypto failure. It is a DomainError of kind 'invalid' so the server's one error mapper
 * turns it into a 400 with the stable `code`; messages never contain key or plaintext bytes.
 */
export class CryptoError extends DomainError {
  declare readonly code: CryptoErrorCode;
  constructor(code: CryptoErrorCode, message: string) {
    super('invalid', code, message);
    this.name = 'CryptoError';
  }
}

/** Why a typed-in case code was refused, so the form can say which kind of mistake it is. */
export type CaseCodeProblem = 'empty' | 'length' | 'symbol' | 'check';

/** A case code that cannot be right: caught before the network is touched. */
export class CaseCodeError extends CryptoError {
  constructor(
    readonly problem: CaseCodeProblem,
    message: string,
  ) {
    super('bad_case_code', message);
    this.name = 'CaseCodeError';
  }
}

/** For verify-style functions that answer false on bad input: a forgotten ready() must still surface. */
export function rethrowIfNotReady(error: unknown): void {
  if (error instanceof CryptoError && error.code === 'not_ready') throw error;
}

/**
 * Domain errors with stable string codes. The HTTP status of each kind is decided in one
 * place (server/middlewares/errorHandler.ts); clients and tests match on `code`.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string) => new DomainError('invalid', code, message);
export const notFound = (code: string, message: string) => new DomainError('not_found', code, message);
export const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
export const unauthorized = (code: string, message: string) => new DomainError('unauthorized', code, message);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
export const tooLarge = (code: string, message: string) => new DomainError('too_large', code, message);
export const rateLimited = (code: string, message: string) => new DomainError('rate_limited', code, message);
export const unavailable = (code: string, message: string) => new DomainError('unavailable', code, message);

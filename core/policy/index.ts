/** The signed routing policy: schema, parsing, signature verification and lookups. */
export * from './schema';
export * from './labels';
export * from './errors';
export { parsePolicySource, crossReferenceIssues } from './parse';
export { verifySignedPolicy, type VerifyOptions } from './verify';
export * from './lookup';
export * from './expiry';

import type { JobPayloads } from '../../core/jobs';

/** Proves the queue round trip: returns the nonce it was given. Safe to run twice. */
export async function healthProcessor(data: JobPayloads['system.health']) {
  return { nonce: data.nonce, at: Date.now() };
}

/**
 * The audit anchors as open data (docs/statistics.md §Audit anchors): every anchor's signed
 * statement, its hash and signature, and the public key that verifies them. Outsiders keep
 * copies; a later rewrite of the audit trail then contradicts what they hold
 * (workers/cli/verifyAudit.ts --published). Nothing here names a case or a unit, or counts
 * anything: the heads stay in the database, behind a hiding digest (server/audit/anchors.ts).
 */
import { keyIdOf } from '../../core/crypto';
import { auditAnchors, statementOf } from '../audit/anchors';
import type { PublishedAnchor } from '../audit/verifyAnchors';

export const ANCHORS_SCHEMA = 'clearchannel-audit-anchors/1';

export type PublishedAnchors = { schema: typeof ANCHORS_SCHEMA; publicKey: string | null; keyId: string | null; anchors: PublishedAnchor[] };

/** Every anchor, oldest first (a few hundred a year). */
export async function readPublishedAnchors(publicKey: string | null): Promise<PublishedAnchors> {
  const stored = await auditAnchors()
    .find({}, { sort: { _id: 1 }, projection: { nonce: 0, chunkId: 0, headChunks: 0, stateChunks: 0 } })
    .toArray();
  return {
    schema: ANCHORS_SCHEMA,
    publicKey,
    keyId: publicKey ? keyIdOf(publicKey) : null,
    anchors: stored.map((a) => ({ ...statementOf(a), hash: a.hash, signature: a.signature })),
  };
}

const CSV_COLUMNS = ['seq', 'day', 'at', 'trigger', 'prevHash', 'headsDigest', 'keyId', 'hash', 'signature'] as const;

/** One anchor a line (RFC 4180, CRLF); the public key is in the JSON and on the page. */
export function anchorsCsv(published: PublishedAnchors): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const a of published.anchors) lines.push(CSV_COLUMNS.map((c) => String(a[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

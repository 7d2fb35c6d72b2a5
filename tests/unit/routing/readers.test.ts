/**
 * The form's lists and the sealing agree by construction: buildSubmission (browser and the
 * no-JavaScript form alike) seals the DEK to exactly `reportReaders` and the identity key to
 * exactly `identityReaders`, and each wrap opens with that unit's key.
 */
import { unwrapDek, unwrapIdentityKey } from '../../../core/crypto';
import { identityReaders, reportReaders, type RoutingMetadata } from '../../../core/routing';
import { buildSubmission, type ReportDraft } from '../../../core/submission';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';

let d: TestDeployment;
beforeAll(async () => {
  d = await createTestDeployment();
});

const draft = (routing: RoutingMetadata): ReportDraft => ({
  routing,
  description: 'readers test',
  details: { when: '', where: '', who: '', evidence: '' },
  identity: { name: 'A. N.', contact: '+7 701 000 00 00', note: '' },
  lang: 'ru',
  attachments: 0,
});

type Wrap = { unitId: string; wrap: { recipientKeyId: string } & Record<string, unknown> };

describe('buildSubmission seals to the readers lists', () => {
  it.each<[string, RoutingMetadata]>([
    ['retaliation by an ACS officer', { category: 'retaliation', region: 'KZ-11', seniority: 'S3', amount: 'A0', flags: ['subject_in_aca'] }],
    ['retaliation: the notified aca gets a copy wrap', { category: 'retaliation', region: 'KZ-11', seniority: 'S3', amount: 'A0', flags: [] }],
    ['permits (compliance never gets the identity)', { category: 'permits', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] }],
    ['procurement, long chain', { category: 'procurement', region: 'KZ-23', seniority: 'S3', amount: 'A0', flags: [] }],
  ])('%s', (_name, routing) => {
    const { submission, secrets } = buildSubmission(d.policy, draft(routing));
    const wraps = submission.wraps as Wrap[];
    const identity = (submission.identity as { wraps: Wrap[] }).wraps;
    expect(wraps.map((w) => w.unitId)).toEqual(reportReaders(d.policy, routing));
    expect(identity.map((w) => w.unitId)).toEqual(identityReaders(d.policy, routing));
    expect(identity.length).toBeLessThan(wraps.length);
    for (const w of wraps) expect(unwrapDek(w.wrap as never, d.unitKeys.get(w.unitId)!)).toEqual(secrets.dek);
    for (const w of identity) expect(unwrapIdentityKey(w.wrap as never, d.unitKeys.get(w.unitId)!)).toBeInstanceOf(Uint8Array);
  });
});

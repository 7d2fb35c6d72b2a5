import { noAppcConsideration } from '../../../client/console/pages/appcLabel';
import { parsePolicySource } from '../../../core/policy/parse';
import { kzPolicy, kzSource } from './kzPolicy';

/** The console's "no right to consideration under the APPC" label follows the signed policy (issue 14 item 7). */
describe('no-APPC-consideration label', () => {
  const policy = kzPolicy();
  const routing = (flags: string[]) => ({ flags });

  test('anonymous and without criminal signs: labelled, in the reader’s language', () => {
    expect(noAppcConsideration(policy, { confidential: false, routing: routing([]) }, 'en')).toBe(policy.appcConsideration!.label.en);
    expect(noAppcConsideration(policy, { confidential: false, routing: routing(['bidder_collusion']) }, 'ru')).toBe(policy.appcConsideration!.label.ru);
  });

  test('criminal signs, or a confidential report: no label; a policy without the entry: no label', () => {
    expect(noAppcConsideration(policy, { confidential: false, routing: routing(['criminal_signs']) }, 'en')).toBeNull();
    expect(noAppcConsideration(policy, { confidential: true, routing: routing([]) }, 'en')).toBeNull();
    expect(noAppcConsideration({ ...policy, appcConsideration: undefined }, { confidential: false, routing: routing([]) }, 'en')).toBeNull();
  });
});

describe('policy cross-checks of the reporter-person entries', () => {
  test('an unknown considered flag and a repeated ground are refused, naming both', () => {
    const source = kzSource();
    source.appcConsideration!.consideredFlags = ['no_such_flag'];
    source.identityDisclosure!.grounds.push(source.identityDisclosure!.grounds[0]);
    let message = '';
    try {
      parsePolicySource(source);
    } catch (error) {
      message = String((error as Error).message);
    }
    expect(message).toMatch(/appcConsideration\.consideredFlags\[0\].*no_such_flag/);
    expect(message).toMatch(/identityDisclosure\.grounds/);
    expect(() => parsePolicySource(kzSource())).not.toThrow();
  });
});

import fs from 'node:fs';
import { parsePolicySource } from '../../../core/policy/parse';
import { PolicyError } from '../../../core/policy/errors';
import { DomainError } from '../../../core/errors';
import { LANGUAGES } from '../../../core/policy/labels';
import { buildKzPolicy, formatPolicyJson } from '../../../keys/policies/generate-kz';
import { KZ_SOURCE_PATH, kzPolicy, kzSource } from './kzPolicy';

/** The issues a source raises (fails the test if it parses). */
function issuesOf(source: unknown): readonly string[] {
  try {
    parsePolicySource(source);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).code).toBe('invalid_policy');
    return (error as PolicyError).issues;
  }
  throw new Error('expected the policy to be rejected');
}

describe('the default Kazakhstan policy', () => {
  const policy = kzPolicy();

  it('parses, with 20 regions plus the national level and 8 unit kinds', () => {
    expect(policy.format).toBe('cc-policy/1');
    expect(policy.regions).toHaveLength(21);
    expect(policy.regions.map((r) => r.code)).toContain('KZ');
    expect(policy.unitKinds.map((k) => k.id)).toEqual(['triage', 'aca', 'afm', 'fin_control', 'competition', 'ethics', 'prosecutor', 'compliance']);
    expect(policy.triageUnit).toBe('triage@KZ');
    expect(policy.languages).toEqual(['kk', 'ru', 'en']);
  });

  it('has one unit per kind and region, the national level included, all without keys yet', () => {
    expect(policy.units).toHaveLength(8 * 21);
    for (const kind of policy.unitKinds) {
      for (const region of policy.regions) {
        const unit = policy.units.find((u) => u.id === `${kind.id}@${region.code}`);
        expect(unit).toMatchObject({ kind: kind.id, region: region.code, keys: [] });
      }
    }
  });

  it('has rules R1–R13 in taxonomy order, ending with a catch-all to triage', () => {
    expect(policy.rules.map((r) => r.id)).toEqual([
      'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8a', 'R8b', 'R8c', 'R9', 'R10a', 'R10c', 'R10b', 'R11a', 'R11b', 'R12', 'R13',
    ]);
    expect(policy.rules.at(-1)).toMatchObject({ when: {}, target: { kind: 'triage', level: 'national' } });
  });

  it('labels everything in kk, ru and en, never empty', () => {
    let count = 0;
    const walk = (v: unknown, at: string): void => {
      if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${at}[${i}]`));
      if (typeof v !== 'object' || v === null) return;
      const o = v as Record<string, unknown>;
      if ('en' in o || 'ru' in o || 'kk' in o) {
        count++;
        for (const lang of LANGUAGES) expect([at, typeof o[lang], String(o[lang]).trim().length > 0]).toEqual([at, 'string', true]);
        return;
      }
      for (const [k, x] of Object.entries(o)) walk(x, `${at}.${k}`);
    };
    walk(kzSource(), '');
    expect(count).toBeGreaterThan(250);
  });

  it('keeps the deadlines of TAXONOMY section 4', () => {
    expect(policy.deadlines.acknowledge).toMatchObject({ amount: 2, unit: 'working_days' });
    expect(policy.deadlines.triageDecision).toMatchObject({ amount: 3, unit: 'working_days' });
    expect(policy.deadlines.answer).toMatchObject({ amount: 15, unit: 'working_days' });
    expect(policy.deadlines.feedback).toMatchObject({ amount: 3, unit: 'calendar_months', from: 'acknowledged' });
    expect(policy.deadlines.investigationAlert).toMatchObject({ amount: 60, unit: 'calendar_days' });
    expect(policy.deadlines.investigationEscalation).toMatchObject({ amount: 80, unit: 'calendar_days' });
    expect(policy.deadlines.criminalReferral).toMatchObject({ amount: 1, unit: 'working_days', from: 'criminal_signs_found' });
    expect(policy.calendar).toMatchObject({ timezone: 'Asia/Almaty', utcOffsetMinutes: 300, weekendDays: [6, 7] });
    expect(policy.statistics).toEqual({ kAnonymityThreshold: 5, publicationDelayDays: 30 });
  });

  it('is exactly what keys/policies/generate-kz.ts writes (keeping salt and keys)', () => {
    expect(formatPolicyJson(buildKzPolicy(kzSource()))).toBe(fs.readFileSync(KZ_SOURCE_PATH, 'utf8'));
  });
});

describe('parsePolicySource rejects a malformed source', () => {
  it.each<[string, (s: Record<string, unknown> & ReturnType<typeof kzSource>) => void, RegExp]>([
    ['a wrong format', (s) => void (s.format = 'cc-policy/2' as 'cc-policy/1'), /^format: /],
    ['an unknown field', (s) => void (s.colour = 'red'), /colour/],
    ['a deployment salt of 15 bytes', (s) => void (s.deploymentSalt = Buffer.alloc(15).toString('base64url')), /^deploymentSalt: expected 16 bytes/],
    ['a non-canonical salt encoding', (s) => void (s.deploymentSalt = 'AAAAAAAAAAAAAAAAAAAAAB'), /^deploymentSalt: /],
    ['a label without Kazakh', (s) => void (s.categories[0].labels = { ru: 'x', en: 'x' } as never), /^categories\[0\]\.labels\.kk: /],
    ['an empty label', (s) => void (s.regions[1].labels.en = '  '), /^regions\[1\]\.labels\.en: /],
    ['a unit key that is not 32 bytes', (s) => void s.units[0].keys.push({ generation: 1, publicKey: 'abc', createdAt: '2026-01-01T00:00:00Z' }), /^units\[0\]\.keys\[0\]\.publicKey: /],
    ['a unit key generation 0', (s) => void s.units[0].keys.push({ generation: 0, publicKey: Buffer.alloc(32).toString('base64url'), createdAt: '2026-01-01T00:00:00Z' }), /^units\[0\]\.keys\[0\]\.generation: /],
    ['a version that is not an integer', (s) => void (s.version = 1.5), /^version: /],
    ['a date that is not ISO', (s) => void (s.validFrom = '1 Nov 2026'), /^validFrom: /],
    ['a holiday that is not a date', (s) => void s.calendar.holidays.push('2026-02-30'), /^calendar\.holidays\[\d+\]: /],
    ['a deadline in weeks', (s) => void (s.deadlines.answer.unit = 'weeks' as 'working_days'), /^deadlines\.answer\.unit: /],
    ['a missing deadline', (s) => void delete (s.deadlines as Partial<typeof s.deadlines>).acknowledge, /^deadlines\.acknowledge: /],
  ])('%s', (_name, mutate, expected) => {
    const source = kzSource() as ReturnType<typeof kzSource> & Record<string, unknown>;
    mutate(source);
    expect(issuesOf(source).some((i) => expected.test(i))).toBe(true);
  });
});

describe('parsePolicySource checks cross-references', () => {
  type Source = ReturnType<typeof kzSource>;
  const unitIndex = (s: Source, id: string) => s.units.findIndex((u) => u.id === id);

  it.each<[string, (s: Source) => void, RegExp]>([
    ['a rule targeting an undefined unit kind', (s) => void (s.rules[0].target.kind = 'police'), /^rules\[0\] \(R1\)\.target\.kind: unit kind "police" is not defined/],
    ['a rule notifying an undefined unit kind', (s) => void (s.rules[0].notify = [{ kind: 'police', level: 'region' }]), /^rules\[0\] \(R1\)\.notify\[0\]\.kind: /],
    ['a rule on an undefined category', (s) => void (s.rules[3].when.category = ['bribes']), /^rules\[3\] \(R4\)\.when\.category\[0\]: category "bribes" is not defined/],
    ['a rule on an undefined flag', (s) => void (s.rules[1].when.flags = ['police_involved']), /^rules\[1\] \(R2\)\.when\.flags\[0\]: flag "police_involved"/],
    ['a rule on an undefined seniority', (s) => void (s.rules[2].when.seniority = ['S9']), /^rules\[2\] \(R3\)\.when\.seniority\[0\]: /],
    ['an alternative on an undefined amount', (s) => void (s.rules[5].when.any = [{ amountAtLeast: 'A9' }, { flags: ['criminal_signs'] }]), /^rules\[5\] \(R6\)\.when\.any\[0\]\.amountAtLeast: /],
    ['a unit in an undefined region', (s) => {
      const i = unitIndex(s, 'aca@KZ-75');
      s.units[i] = { ...s.units[i], id: 'aca@KZ-99', region: 'KZ-99' };
    }, /^units\[\d+\]\.region: region "KZ-99" is not defined/],
    ['a unit of an undefined kind', (s) => {
      const i = unitIndex(s, 'aca@KZ-75');
      s.units[i] = { ...s.units[i], id: 'police@KZ-75', kind: 'police' };
    }, /^units\[\d+\]\.kind: unit kind "police" is not defined/],
    ['a unit id that is not kind@region', (s) => void (s.units[unitIndex(s, 'aca@KZ-75')].id = 'aca@KZ-79'), /must be "aca@KZ-75"/],
    ['duplicate unit ids', (s) => void s.units.push(s.units[0]), /^units\[168\]: duplicate id "triage@KZ"/],
    ['duplicate category ids', (s) => void s.categories.push(s.categories[0]), /^categories\[14\]: duplicate id "bribery"/],
    ['duplicate rule ids', (s) => void (s.rules[1].id = 'R1'), /^rules\[1\]: duplicate id "R1"/],
    ['duplicate region codes', (s) => void s.regions.push(s.regions[3]), /^regions\[21\]: duplicate id "KZ-15"/],
    ['a triage unit that does not exist', (s) => void (s.triageUnit = 'triage@KZ-99'), /^triageUnit: unit "triage@KZ-99" is not defined/],
    ['an escalation for an undefined kind', (s) => void (s.escalation.police = { chain: [] }), /^escalation\.police: /],
    ['an escalation step to an undefined kind', (s) => void s.escalation.aca.chain.push({ kind: 'court', level: 'region' }), /^escalation\.aca\.chain\[1\]\.kind: /],
    ['a national region not listed', (s) => void (s.nationalRegion = 'UZ'), /^nationalRegion: "UZ" is not listed/],
    ['a rule kind that has no unit', (s) => void (s.units = s.units.filter((u) => u.kind !== 'competition')), /^rules\[4\] \(R5\)\.target\.kind: no unit of kind "competition"/],
    ['validUntil before validFrom', (s) => void (s.validUntil = '2026-01-01T00:00:00Z'), /^validUntil: must be later/],
    ['a day both holiday and working day', (s) => void (s.calendar.extraWorkingDays = ['2026-12-16']), /^calendar\.extraWorkingDays\[0\]: 2026-12-16/],
    ['duplicate key generations', (s) => {
      const key = { generation: 1, publicKey: Buffer.alloc(32, 7).toString('base64url'), createdAt: '2026-01-01T00:00:00Z' };
      s.units[0].keys.push(key, { ...key });
    }, /^units\[0\]\.keys\(generation\)\[1\]: duplicate id "1"/],
    ['a key retired before it was created', (s) => {
      s.units[0].keys.push({ generation: 1, publicKey: Buffer.alloc(32, 7).toString('base64url'), createdAt: '2026-02-01T00:00:00Z', retiredAt: '2026-01-01T00:00:00Z' });
    }, /^units\[0\]\.keys\[0\]\.retiredAt: is before createdAt/],
    ['a retired standby key', (s) => {
      s.units[0].keys.push({ generation: 1, publicKey: Buffer.alloc(32, 7).toString('base64url'), createdAt: '2026-01-01T00:00:00Z', retiredAt: '2026-02-01T00:00:00Z', standby: true });
    }, /^units\[0\]\.keys\[0\]: a standby key cannot be retired/],
    ['a standby key below another generation', (s) => {
      s.units[0].keys.push({ generation: 2, publicKey: Buffer.alloc(32, 7).toString('base64url'), createdAt: '2026-01-01T00:00:00Z', standby: true });
      s.units[0].keys.push({ generation: 3, publicKey: Buffer.alloc(32, 8).toString('base64url'), createdAt: '2026-01-01T00:00:00Z' });
    }, /^units\[0\]\.keys\[0\]: the standby key must be the highest generation/],
    ['two standby keys', (s) => {
      s.units[0].keys.push({ generation: 2, publicKey: Buffer.alloc(32, 7).toString('base64url'), createdAt: '2026-01-01T00:00:00Z', standby: true });
      s.units[0].keys.push({ generation: 3, publicKey: Buffer.alloc(32, 8).toString('base64url'), createdAt: '2026-01-01T00:00:00Z', standby: true });
    }, /^units\[0\]\.keys: at most one standby key per unit/],
  ])('%s', (_name, mutate, expected) => {
    const source = kzSource();
    mutate(source);
    const issues = issuesOf(source);
    expect(issues.filter((i) => expected.test(i))).toHaveLength(1);
  });

  it('lists every problem at once in a readable message, as a DomainError with a stable code', () => {
    const source = kzSource();
    source.rules[0].target.kind = 'police';
    source.triageUnit = 'triage@KZ-99';
    let error: unknown;
    try {
      parsePolicySource(source);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ name: 'PolicyError', kind: 'invalid', code: 'invalid_policy' });
    const { message, issues } = error as PolicyError;
    expect(issues).toHaveLength(2);
    expect(message).toContain('- rules[0] (R1).target.kind: unit kind "police" is not defined in unitKinds');
    expect(message).toContain('- triageUnit: unit "triage@KZ-99" is not defined in units');
  });

  it('rejects what is not an object at all', () => {
    expect(issuesOf(null)).toEqual([expect.stringMatching(/^\(root\): /)]);
    expect(issuesOf('{"format":"cc-policy/1"}')).toHaveLength(1);
  });
});

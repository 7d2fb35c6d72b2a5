import { parsePolicySource } from '../../../core/policy/parse';
import {
  categoryLabel,
  currentUnitKey,
  findUnit,
  isPolicyValidAt,
  labelOf,
  regionLabel,
  sealingKeys,
  standbyUnitKey,
  unitKeyByGeneration,
  unitKindLabel,
  unitLabel,
} from '../../../core/policy/lookup';
import { labelText } from '../../../core/policy/labels';
import { fakeX25519, kzPolicy, kzSource } from './kzPolicy';

describe('unit keys', () => {
  const source = kzSource();
  const aca = source.units.find((u) => u.id === 'aca@KZ-75')!;
  aca.keys = [
    { generation: 1, publicKey: fakeX25519(1), createdAt: '2026-01-01T00:00:00Z', retiredAt: '2026-06-01T00:00:00Z' },
    { generation: 3, publicKey: fakeX25519(3), createdAt: '2026-09-01T00:00:00Z', retiredAt: '2026-10-01T00:00:00Z' },
    { generation: 2, publicKey: fakeX25519(2), createdAt: '2026-06-01T00:00:00Z' },
  ];
  const ethics = source.units.find((u) => u.id === 'ethics@KZ-75')!;
  ethics.keys = [{ generation: 1, publicKey: fakeX25519(9), createdAt: '2026-01-01T00:00:00Z' }];
  const policy = parsePolicySource(source);

  it('currentUnitKey is the highest generation that is not retired', () => {
    expect(currentUnitKey(policy, 'aca@KZ-75')).toMatchObject({ generation: 2, publicKey: fakeX25519(2) });
  });

  it('currentUnitKey is undefined for a unit without keys, and throws for an unknown unit', () => {
    expect(currentUnitKey(policy, 'aca@KZ-79')).toBeUndefined();
    expect(() => currentUnitKey(policy, 'aca@KZ-99')).toThrow(expect.objectContaining({ code: 'unknown_unit' }));
  });

  it('unitKeyByGeneration finds retired generations too (old wraps stay checkable)', () => {
    expect(unitKeyByGeneration(policy, 'aca@KZ-75', 1)?.publicKey).toBe(fakeX25519(1));
    expect(unitKeyByGeneration(policy, 'aca@KZ-75', 4)).toBeUndefined();
    expect(unitKeyByGeneration(policy, 'nope@KZ', 1)).toBeUndefined();
  });

  it('sealingKeys gives the current key of each listed unit that has one, in order', () => {
    expect(sealingKeys(policy, ['ethics@KZ-75', 'triage@KZ', 'aca@KZ-75', 'unknown@KZ']).map((k) => [k.unitId, k.key.generation])).toEqual([
      ['ethics@KZ-75', 1],
      ['aca@KZ-75', 2],
    ]);
  });
});

describe('standby unit keys', () => {
  const source = kzSource();
  const aca = source.units.find((u) => u.id === 'aca@KZ-75')!;
  aca.keys = [
    { generation: 1, publicKey: fakeX25519(1), createdAt: '2026-01-01T00:00:00Z' },
    { generation: 2, publicKey: fakeX25519(2), createdAt: '2026-01-01T00:00:00Z', standby: true },
  ];
  const triage = source.units.find((u) => u.id === 'triage@KZ')!;
  triage.keys = [{ generation: 1, publicKey: fakeX25519(5), createdAt: '2026-01-01T00:00:00Z' }];
  const policy = parsePolicySource(source);

  it('are never sealed to unless the server switched the unit to them', () => {
    expect(currentUnitKey(policy, 'aca@KZ-75')?.generation).toBe(1);
    expect(currentUnitKey(policy, 'aca@KZ-75', {})?.generation).toBe(1);
    expect(currentUnitKey(policy, 'aca@KZ-75', { 'aca@KZ-75': 2 })?.generation).toBe(2);
    expect(standbyUnitKey(policy, 'aca@KZ-75')?.publicKey).toBe(fakeX25519(2));
    expect(standbyUnitKey(policy, 'triage@KZ')).toBeUndefined();
  });

  it('a switch to a generation the signed policy does not list as standby changes nothing', () => {
    // A server cannot steer browsers to a key of its choosing: only the signed standby counts.
    expect(currentUnitKey(policy, 'aca@KZ-75', { 'aca@KZ-75': 7 })?.generation).toBe(1);
    expect(currentUnitKey(policy, 'triage@KZ', { 'triage@KZ': 2 })?.generation).toBe(1);
    expect(sealingKeys(policy, ['aca@KZ-75', 'triage@KZ'], { 'aca@KZ-75': 2, 'triage@KZ': 1 }).map((k) => [k.unitId, k.key.generation])).toEqual([
      ['aca@KZ-75', 2],
      ['triage@KZ', 1],
    ]);
  });
});

describe('isPolicyValidAt', () => {
  const policy = kzPolicy();
  it('is valid from validFrom inclusive to validUntil exclusive', () => {
    const from = Date.parse(policy.validFrom);
    const until = Date.parse(policy.validUntil);
    expect(isPolicyValidAt(policy, new Date(from - 1))).toBe(false);
    expect(isPolicyValidAt(policy, new Date(from))).toBe(true);
    expect(isPolicyValidAt(policy, new Date(until - 1))).toBe(true);
    expect(isPolicyValidAt(policy, new Date(until))).toBe(false);
  });
});

describe('labels', () => {
  const policy = kzPolicy();
  it('finds category, region, unit kind and unit names in each language', () => {
    expect(categoryLabel(policy, 'bribery', 'kk')).toBe('Пара беру/алу, пара бопсалау');
    expect(categoryLabel(policy, 'bribery', 'en')).toBe('Bribery / bribe extortion');
    expect(regionLabel(policy, 'KZ-75', 'ru')).toBe('город Алматы');
    expect(regionLabel(policy, 'unknown', 'en')).toBe("I don't know / prefer not to say");
    expect(unitKindLabel(policy, 'prosecutor', 'en')).toBe("Prosecutor's Office");
    expect(unitLabel(policy, 'aca@KZ-75', 'en')).toBe('Anti-Corruption Service investigations — Almaty (city)');
    expect(labelOf(policy, 'flag', 'criminal_signs', 'ru')).toBe('Есть признаки преступления');
    expect(labelOf(policy, 'seniority', 'S1', 'kk')).toBe('Жауапты мемлекеттік лауазымды атқаратын адам');
    expect(labelOf(policy, 'amount', 'A3', 'en')).toBe('More than 10,000 MCI (over 43,250,000 tenge in 2026)');
    expect(labelOf(policy, 'sector', 'health', 'kk')).toBe('Денсаулық сақтау');
  });

  it('falls back to the raw id for an unknown item and to Russian for an unknown language', () => {
    expect(categoryLabel(policy, 'nope', 'en')).toBe('nope');
    expect(labelText({ kk: 'қ', ru: 'р', en: 'e' }, 'de')).toBe('р');
  });

  it('findUnit returns the unit or undefined', () => {
    expect(findUnit(policy, 'triage@KZ')?.kind).toBe('triage');
    expect(findUnit(policy, 'triage@XX')).toBeUndefined();
  });
});

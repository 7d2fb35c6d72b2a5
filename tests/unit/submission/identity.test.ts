import { cryptoReady } from '../../../core/crypto';
import { identityJson, iinProblem } from '../../../core/submission';

/** Confidential mode asks for what the APPC needs (issue 14 item 7): full name, IIN, postal address, contact. */
describe('confidential identity fields', () => {
  beforeAll(cryptoReady);

  test('IIN: 12 digits with the check digit (both weight rounds); spaces allowed', () => {
    expect(iinProblem('900101300126')).toBeNull();
    expect(iinProblem('9001 0130 0126')).toBeNull();
    expect(iinProblem('850512400155')).toBeNull();
    expect(iinProblem('900101300125')).toBe('check');
    expect(iinProblem('90010130012')).toBe('digits');
    expect(iinProblem('9001013001a6')).toBe('digits');
  });

  test('the sealed JSON carries the APPC fields when given, and leaves empty optional ones out', () => {
    expect(JSON.parse(identityJson({ name: ' Aigerim S. ', iin: '9001 0130 0126', address: 'Almaty, Abai ave 1', contact: '+7 701', note: '' }))).toEqual({
      name: 'Aigerim S.',
      iin: '900101300126',
      address: 'Almaty, Abai ave 1',
      contact: '+7 701',
      note: '',
    });
    expect(JSON.parse(identityJson({ name: 'A', contact: 'c', note: 'n' }))).toEqual({ name: 'A', contact: 'c', note: 'n' });
  });

});

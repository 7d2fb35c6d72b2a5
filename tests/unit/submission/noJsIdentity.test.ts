import { draftFromForm, readFormValues } from '../../../server/noJs/formInput';
import { textsFor } from '../../../server/noJs/texts';
import { kzPolicy } from '../policy/kzPolicy';

/** The no-JavaScript form asks for the APPC's identity fields too, and checks the IIN like the portal (issue 14 item 7). */
describe('no-JavaScript form: confidential identity fields', () => {
  const policy = kzPolicy();
  const base = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', description: 'A bribe was asked.', mode: 'confidential', name: 'Aigerim S.', contact: '+7 701 000 0000' };

  test('IIN and postal address reach the sealed identity', () => {
    const { draft, problems } = draftFromForm(policy, readFormValues({ ...base, iin: '9001 0130 0126', address: 'Almaty, Abai ave 1' }), 'en', textsFor('en'));
    expect(problems).toEqual({});
    expect(draft!.identity).toMatchObject({ name: 'Aigerim S.', iin: '9001 0130 0126', address: 'Almaty, Abai ave 1' });
  });

  test('a mistyped IIN is a problem in the reporter’s language; an empty one is fine', () => {
    const ru = textsFor('ru');
    expect(draftFromForm(policy, readFormValues({ ...base, iin: '900101300125' }), 'ru', ru).problems).toEqual({ iin: ru.confidential.iinCheck });
    expect(draftFromForm(policy, readFormValues({ ...base, iin: '12345' }), 'ru', ru).problems).toEqual({ iin: ru.confidential.iinDigits });
    expect(draftFromForm(policy, readFormValues({ ...base, iin: '' }), 'en', textsFor('en')).problems).toEqual({});
  });
});

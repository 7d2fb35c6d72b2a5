import { useReporterI18n } from '../messages';
import type { Identity } from '../../../core/submission';
import { ChoiceGroup, TextField } from './fields';

export type Mode = 'anonymous' | 'confidential';

/**
 * Anonymous or confidential reporting, explained in plain words. In confidential mode the
 * identity is sealed under its own key (core/submission), apart from the report. It asks for
 * what the APPC needs (full name, IIN, postal address) and a contact, each explained, and says
 * which rights follow and which do not (no appeal without a signature).
 * `criminal` drives the legal warning: an anonymous, non-criminal report has no right to
 * consideration under Kazakhstan's APPC.
 */
export function ConfidentialSection(props: {
  mode: Mode;
  identity: Identity;
  criminal: boolean;
  errors: Record<string, string>;
  onMode: (m: Mode) => void;
  onIdentity: (patch: Partial<Identity>) => void;
}) {
  const { mode, identity, criminal, errors, onMode, onIdentity } = props;
  const { t } = useReporterI18n();
  return (
    <section aria-labelledby="confidential-title">
      <h2 id="confidential-title">{t('confidential.title')}</h2>
      <p>{t('confidential.explain')}</p>
      <p>{t('confidential.legal')}</p>
      <ChoiceGroup
        id="mode"
        kind="radio"
        label={t('confidential.title')}
        options={[
          { value: 'anonymous', label: t('confidential.anonymous') },
          { value: 'confidential', label: t('confidential.confidential') },
        ]}
        isChecked={(v) => v === mode}
        onToggle={(v) => onMode(v as Mode)}
      />
      {mode === 'anonymous' && !criminal ? (
        <p class="notice" role="note" data-testid="legal-warning">
          {t('confidential.legalWarning')}
        </p>
      ) : null}
      {mode === 'confidential' ? (
        <div class="identity">
          <div class="notice" data-testid="confidential-rights">
            <p><strong>{t('identityForm.rightsTitle')}</strong></p>
            <ul>
              <li>{t('identityForm.yes1')}</li>
              <li>{t('identityForm.yes2')}</li>
              <li>{t('identityForm.yes3')}</li>
            </ul>
            <ul class="not-given">
              <li>{t('identityForm.no1')}</li>
              <li>{t('identityForm.no2')}</li>
            </ul>
          </div>
          <TextField id="identity-name" label={t('identityForm.fullName')} help={t('identityForm.fullNameHelp')} required spellcheck={false} error={errors['identity-name']} value={identity.name} onInput={(name) => onIdentity({ name })} />
          <TextField id="identity-iin" label={t('identityForm.iin')} help={t('identityForm.iinHelp')} spellcheck={false} maxLength={16} error={errors['identity-iin']} value={identity.iin ?? ''} onInput={(iin) => onIdentity({ iin })} />
          <TextField id="identity-address" label={t('identityForm.address')} help={t('identityForm.addressHelp')} rows={2} spellcheck={false} value={identity.address ?? ''} onInput={(address) => onIdentity({ address })} />
          <TextField
            id="identity-contact"
            label={t('confidential.contact')}
            help={t('identityForm.contactHelp')}
            required
            spellcheck={false}
            error={errors['identity-contact']}
            value={identity.contact}
            onInput={(contact) => onIdentity({ contact })}
          />
          <TextField id="identity-note" label={t('confidential.note')} rows={2} spellcheck={false} value={identity.note} onInput={(note) => onIdentity({ note })} />
        </div>
      ) : null}
    </section>
  );
}

import { useReporterI18n } from '../messages';
import type { Identity } from '../../../core/submission';
import { ChoiceGroup, TextField } from './fields';

export type Mode = 'anonymous' | 'confidential';

/**
 * Anonymous or confidential reporting, explained in plain words. In confidential mode the
 * identity is sealed under its own key (flow/buildSubmission.ts), apart from the report.
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
          <TextField id="identity-name" label={t('confidential.name')} required spellcheck={false} error={errors['identity-name']} value={identity.name} onInput={(name) => onIdentity({ name })} />
          <TextField
            id="identity-contact"
            label={t('confidential.contact')}
            help={t('confidential.contactHelp')}
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

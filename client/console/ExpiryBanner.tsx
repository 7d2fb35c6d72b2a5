import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../shared/i18n';
import { api } from './api';

type Expiry = { expired: boolean; warnings: { what: 'policy' | 'calendar'; endsAt: string; daysLeft: number }[] };

/**
 * The banner administrators and supervisors see from 90 days before the signed policy or its
 * holiday calendar runs out, and after it has (GET /api/console/policy-expiry; the server
 * decides who is concerned). Best effort: a failed read shows nothing rather than an error.
 */
export function ExpiryBanner() {
  const { t, lang } = useI18n();
  const [expiry, setExpiry] = useState<Expiry | null>(null);
  useEffect(() => {
    api.get<Expiry>('/policy-expiry').then(setExpiry, () => setExpiry(null));
  }, []);
  if (!expiry || (!expiry.expired && !expiry.warnings.length)) return null;
  const date = (iso: string) => new Date(iso).toLocaleDateString(lang, { dateStyle: 'long' });
  return (
    <div class="notice expiry-banner" role="alert" data-testid="expiry-banner">
      {expiry.expired && <p>{t('console.expiry.expired')}</p>}
      {expiry.warnings.map((w) => (
        <p data-what={w.what}>{t(`console.expiry.${w.what}`, { date: date(w.endsAt), days: w.daysLeft })}</p>
      ))}
    </div>
  );
}

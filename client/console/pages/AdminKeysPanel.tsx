import { useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import type { AccountRow } from './accountRow';
import { ErrorBox, useAction } from '../ui';

/**
 * The key custodian's paperwork, done by an administrator: upload a grant printed by the keys
 * CLI (`npm run keys -- grant ...`) for a member, and install a newly signed policy (refused by
 * the server unless signed by the pinned root key and newer than the installed one).
 */
export function AdminKeysPanel({ accounts, reload }: { accounts: AccountRow[]; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const [membership, setMembership] = useState('');
  const [grantJson, setGrantJson] = useState('');
  const [policyJson, setPolicyJson] = useState('');
  const [done, setDone] = useState('');
  const { busy, error, run } = useAction();
  const memberships = accounts.flatMap((a) => a.memberships.map((m) => ({ ...m, username: a.username })));
  const parse = (text: string) => {
    try {
      return JSON.parse(text);
    } catch {
      throw Object.assign(new Error('not JSON'), { code: 'not_json' });
    }
  };
  const uploadGrant = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      await api.post(`/admin/memberships/${membership}/grants`, parse(grantJson));
      setGrantJson('');
      setDone(t('console.admin.grantStored'));
      await reload();
    });
  };
  const uploadPolicy = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const res = await api.post<{ version: number; rotated: string[] }>('/admin/policies', { signed: parse(policyJson) });
      setPolicyJson('');
      setDone(t('console.admin.policyInstalled', { version: res.version, rotated: res.rotated.join(', ') || '—' }));
      await reload();
    });
  };
  return (
    <>
      <form onSubmit={uploadGrant}>
        <h2>{t('console.admin.custodianGrant')}</h2>
        <p class="help">{t('console.admin.custodianGrantHelp')}</p>
        <label for="grant-membership">{t('console.admin.membership')}</label>
        <select id="grant-membership" value={membership} onChange={(e) => setMembership((e.target as HTMLSelectElement).value)}>
          <option value="">—</option>
          {memberships.map((m) => <option value={m.id}>{m.username} · {m.unitId}</option>)}
        </select>
        <label for="grant-json">{t('console.admin.grantJson')}</label>
        <textarea id="grant-json" rows={6} class="mono" value={grantJson} onInput={(e) => setGrantJson((e.target as HTMLTextAreaElement).value)} />
        <button type="submit" disabled={busy || !membership || !grantJson}>{t('console.admin.uploadGrant')}</button>
      </form>
      <form onSubmit={uploadPolicy}>
        <h2>{t('console.admin.policy')}</h2>
        <p class="help">{t('console.admin.policyHelp')}</p>
        <label for="policy-json">{t('console.admin.policyJson')}</label>
        <textarea id="policy-json" rows={6} class="mono" value={policyJson} onInput={(e) => setPolicyJson((e.target as HTMLTextAreaElement).value)} />
        <button type="submit" disabled={busy || !policyJson}>{t('console.admin.uploadPolicy')}</button>
      </form>
      {done && <p class="ok" role="status">{done}</p>}
      <ErrorBox text={error} />
    </>
  );
}

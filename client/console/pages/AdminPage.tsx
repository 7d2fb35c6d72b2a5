import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import { fingerprint, type Keyring } from '../keyring';
import { ErrorBox, Field, useAction } from '../ui';
import { AdminKeysPanel } from './AdminKeysPanel';
import { EngineCapacityNotice } from './EngineCapacityNotice';
import type { AccountRow } from './accountRow';

/**
 * Administration: accounts and unit membership. Administrators manage people, not cases: they
 * cannot open a case unless they are also members of its unit, and a reset cannot recover
 * anyone's keys (the account starts empty).
 */
export function AdminPage({ keyring }: { keyring: Keyring }) {
  const { t } = useI18n();
  const [accounts, setAccounts] = useState<AccountRow[]>([]);
  const [rotations, setRotations] = useState<{ unitId: string }[]>([]);
  const [link, setLink] = useState('');
  const [done, setDone] = useState('');
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState('investigator');
  const [member, setMember] = useState({ investigatorId: '', unitId: '', role: 'member' });
  const { busy, error, run } = useAction();
  const load = async () => {
    const res = await api.get<{ accounts: AccountRow[]; rotationsNeeded: { unitId: string }[] }>('/admin/accounts');
    setAccounts(res.accounts);
    setRotations(res.rotationsNeeded);
  };
  useEffect(() => void run(load), []);
  const linkFor = (token: string) => `${location.origin}/console#invite=${token}`;

  const invite = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const res = await api.post<{ inviteToken: string }>('/admin/accounts', { username: username.trim().toLowerCase(), displayName: displayName.trim(), role });
      setLink(linkFor(res.inviteToken));
      setUsername('');
      setDisplayName('');
      await load();
    });
  };
  const accountAction = (a: AccountRow, action: 'disable' | 'enable' | 'reset') =>
    run(async () => {
      if (action === 'reset' && !window.confirm(t('console.admin.resetConfirm', { name: a.username }))) return;
      if (action === 'disable' && !window.confirm(t('console.admin.disableConfirm', { name: a.username }))) return;
      const res = await api.post<{ inviteToken?: string; casesReassigned?: number }>(`/admin/accounts/${a.id}/${action}`);
      if (res.inviteToken) setLink(linkFor(res.inviteToken));
      setDone(action === 'disable' ? t('console.admin.disabledDone', { name: a.username, n: res.casesReassigned ?? 0 }) : '');
      await load();
    });
  const addMember = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const res = await api.post<{ selfAdded?: boolean }>('/admin/memberships', member);
      setDone(res.selfAdded ? t('console.admin.selfAddNotice') : '');
      await load();
    });
  };
  const removeMember = (id: string) =>
    run(async () => {
      if (!window.confirm(t('console.admin.removeConfirm'))) return;
      await api.del(`/admin/memberships/${id}`);
      await load();
    });

  return (
    <section data-testid="admin">
      <h1>{t('console.admin.title')}</h1>
      <EngineCapacityNotice />
      {rotations.map((r) => <p class="notice" data-testid="rotation-needed">{t('console.admin.rotationNeeded', { unit: r.unitId })}</p>)}
      {done && <p class="notice" role="status" data-testid="admin-done">{done}</p>}
      {link && (
        <div class="notice">
          <p>{t('console.admin.linkOnce')}</p>
          <p class="mono" data-testid="invite-link">{link}</p>
        </div>
      )}
      <form onSubmit={invite}>
        <h2>{t('console.admin.invite')}</h2>
        <Field id="inv-username" label={t('console.login.username')} value={username} onInput={setUsername} />
        <Field id="inv-name" label={t('console.admin.displayName')} value={displayName} onInput={setDisplayName} />
        <label for="inv-role">{t('console.admin.role')}</label>
        <select id="inv-role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value)}>
          {['investigator', 'supervisor', 'admin'].map((r) => <option value={r}>{t(`console.roles.${r}`)}</option>)}
        </select>
        <button type="submit" class="primary" disabled={busy}>{t('console.admin.inviteButton')}</button>
      </form>
      <h2>{t('console.admin.accounts')}</h2>
      <table class="accounts">
        <thead><tr><th>{t('console.login.username')}</th><th>{t('console.admin.role')}</th><th>{t('console.admin.state')}</th><th>{t('console.admin.units')}</th><th /></tr></thead>
        <tbody>
          {accounts.map((a) => (
            <tr data-account={a.username}>
              <td>
                {a.displayName} <span class="mono">{a.username}</span>
                {a.boxPublicKey && <div class="help mono small" title={t('console.admin.publicKeyHelp')}>{t('console.admin.publicKey')}: {a.boxPublicKey} ({fingerprint(a.boxPublicKey)})</div>}
              </td>
              <td>{t(`console.roles.${a.role}`)}</td>
              <td>{t(`console.admin.state_${a.state}`)}{a.resetAt ? ` · ${t('console.admin.wasReset')}` : ''}</td>
              <td>
                {a.memberships.map((m) => (
                  <span class="tag">
                    {m.unitId} ({m.generations.length ? `gen ${m.generations.join(',')}` : t('console.units.waitingKey')}){' '}
                    <button type="button" class="link" onClick={() => void removeMember(m.id)}>{t('console.admin.remove')}</button>
                  </span>
                ))}
              </td>
              <td>
                {a.state === 'active' && a.id !== keyring.account.id && <button type="button" onClick={() => void accountAction(a, 'disable')}>{t('console.admin.disable')}</button>}
                {a.state === 'disabled' && <button type="button" onClick={() => void accountAction(a, 'enable')}>{t('console.admin.enable')}</button>}
                {a.state !== 'disabled' && <button type="button" onClick={() => void accountAction(a, 'reset')}>{t('console.admin.reset')}</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={addMember}>
        <h2>{t('console.admin.addMember')}</h2>
        <label for="mem-account">{t('console.admin.account')}</label>
        <select id="mem-account" value={member.investigatorId} onChange={(e) => setMember({ ...member, investigatorId: (e.target as HTMLSelectElement).value })}>
          <option value="">—</option>
          {accounts.map((a) => <option value={a.id}>{a.username}</option>)}
        </select>
        <label for="mem-unit">{t('console.inbox.unit')}</label>
        <input id="mem-unit" list="policy-units" value={member.unitId} onInput={(e) => setMember({ ...member, unitId: (e.target as HTMLInputElement).value.trim() })} />
        <datalist id="policy-units">{keyring.policy.units.map((u) => <option value={u.id} />)}</datalist>
        <label for="mem-role">{t('console.admin.unitRole')}</label>
        <select id="mem-role" value={member.role} onChange={(e) => setMember({ ...member, role: (e.target as HTMLSelectElement).value })}>
          <option value="member">{t('console.units.role_member')}</option>
          <option value="supervisor">{t('console.units.role_supervisor')}</option>
        </select>
        {member.investigatorId === keyring.account.id && <p class="help" data-testid="self-add-warning">{t('console.admin.selfAddNotice')}</p>}
        <button type="submit" disabled={busy}>{t('console.admin.addMemberButton')}</button>
      </form>
      <AdminKeysPanel accounts={accounts} reload={() => run(load)} />
      <ErrorBox text={error} />
    </section>
  );
}

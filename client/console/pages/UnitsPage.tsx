import { fromB64u, grantUnitKey } from '../../../core/crypto';
import { unitLabel } from '../../../core/policy';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import { buildKeyring, fingerprint, type Keyring } from '../keyring';
import { ErrorBox, useAction } from '../ui';

/**
 * My units and their keys. A member holding the unit's current key grants it to colleagues who
 * wait for it: the key is sealed here to the colleague's public key. The server supplies that
 * public key, so compare its fingerprint with the colleague (they see it on their account page)
 * before granting: a tampered server could otherwise offer a key of its own.
 */
export function UnitsPage({ keyring, setKeyring }: { keyring: Keyring; setKeyring: (k: Keyring) => void }) {
  const { t, lang } = useI18n();
  const { busy, error, run } = useAction();
  const grant = (unitId: string, member: { investigatorId: string; boxPublicKey: string; generation: number; name: string }) =>
    run(async () => {
      if (!window.confirm(t('console.units.grantConfirm', { name: member.name, fp: fingerprint(member.boxPublicKey) }))) return;
      const unitKey = keyring.unitKeys.get(`${unitId}#${member.generation}`);
      if (!unitKey) throw new Error(t('console.units.noKeyToGrant'));
      const wrap = grantUnitKey(unitKey.secretKey, fromB64u(member.boxPublicKey, 32));
      await api.post(`/units/${unitId}/grants`, { investigatorId: member.investigatorId, generation: member.generation, grant: wrap });
      setKeyring(await buildKeyring(keyring.account, keyring.keys));
    });

  return (
    <section data-testid="units">
      <h1>{t('console.units.title')}</h1>
      <p>{t('console.units.myFingerprint', { fp: fingerprint(keyring.keys.box.publicKey) })}</p>
      {keyring.units.length === 0 && <p>{t('console.units.none')}</p>}
      {keyring.badGrants.length > 0 && <p class="error">{t('console.units.badGrants', { list: keyring.badGrants.join(', ') })}</p>}
      {keyring.units.map((u) => {
        const holdsCurrent = u.currentGeneration !== null && keyring.unitKeys.has(`${u.unitId}#${u.currentGeneration}`);
        return (
          <div class="unit" data-unit-id={u.unitId}>
            <h2>{unitLabel(keyring.policy, u.unitId, lang)}</h2>
            <p>
              {t(`console.units.role_${u.role}`)} · {holdsCurrent ? t('console.units.holdsKey', { generation: u.currentGeneration }) : t('console.units.waitingKey')}
            </p>
            {u.standbyActive ? (
              <p class="notice" data-testid="standby-active">{t('console.units.standbyActive', { generation: u.currentGeneration })}</p>
            ) : (
              u.rotationNeeded && <p class="notice">{t('console.units.rotationNeeded')}</p>
            )}
            {(u.selfAddedAdmins ?? []).map((a) => (
              <p class="notice" data-testid="self-added-admin" data-investigator-id={a.investigatorId}>
                {t('console.units.selfAddedAdmin', { name: a.name, role: t(`console.units.role_${a.role}`), date: a.addedAt ? new Date(a.addedAt).toLocaleDateString(lang) : '—' })}
              </p>
            ))}
            {u.pendingMembers.length > 0 && (
              <>
                <h3>{t('console.units.pending')}</h3>
                <ul>
                  {u.pendingMembers.map((m) => (
                    <li data-pending-id={m.investigatorId}>
                      {m.name}
                      {(u.selfAddedAdmins ?? []).some((a) => a.investigatorId === m.investigatorId) && <strong> ({t('console.units.selfAddedPending')})</strong>} —{' '}
                      <span class="mono">{fingerprint(m.boxPublicKey)}</span>{' '}
                      <button type="button" disabled={busy || !holdsCurrent} onClick={() => void grant(u.unitId, m)}>
                        {t('console.units.grant')}
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        );
      })}
      <ErrorBox text={error} />
    </section>
  );
}

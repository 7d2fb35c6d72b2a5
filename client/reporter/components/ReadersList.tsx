import { unitKindLabel, unitLabel, type ActivatedStandby, type Policy } from '../../../core/policy';
import { identityReaders, reportReaders, routeCase, type RoutingMetadata } from '../../../core/routing';
import { useReporterI18n } from '../messages';
import type { RoutingChoice } from './RoutingQuestions';

/** The routing answers as metadata, or undefined while a question that decides the route is unanswered. */
function completeRouting(c: RoutingChoice): RoutingMetadata | undefined {
  if (!c.category || !c.region || !c.seniority || !c.amount) return undefined;
  return { category: c.category, ...(c.sector ? { sector: c.sector } : {}), region: c.region, seniority: c.seniority, amount: c.amount, flags: [...c.flags].sort() };
}

/**
 * "Who will be able to read": the units whose keys the report (and, in confidential mode, the
 * identity) will be sealed to, computed by the same functions core/submission seals with
 * (core/routing/readers.ts), named in the reporter's language from the signed policy. Re-computed
 * on every render, so it follows the answers as they change.
 */
export function ReadersList(props: { policy: Policy; standby: ActivatedStandby; routing: RoutingChoice; confidential: boolean }) {
  const { policy, standby, confidential } = props;
  const { t, lang } = useReporterI18n();
  const routing = completeRouting(props.routing);
  if (!routing) {
    return (
      <section aria-labelledby="readers-title" data-testid="readers">
        <h2 id="readers-title">{t('readers.title')}</h2>
        <p class="help" data-testid="readers-incomplete">{t('readers.incomplete')}</p>
      </section>
    );
  }
  const route = routeCase(policy, routing);
  const report = reportReaders(policy, routing, standby, route);
  const identity = identityReaders(policy, routing, standby, route);
  const copyOnly = (id: string) => route.copyUnits.includes(id as never) && id !== route.triageUnit && !route.escalationChain.includes(id as never);
  return (
    <section aria-labelledby="readers-title" data-testid="readers" aria-live="polite">
      <h2 id="readers-title">{t('readers.title')}</h2>
      <p>{t(report.length ? 'readers.intro' : 'readers.none')}</p>
      <ul data-testid="readers-report">
        {report.map((id) => (
          // A unit the rule only notifies reads a copy: it is told, but never handles the case.
          <li data-unit={id}>
            {unitLabel(policy, id, lang)}
            {copyOnly(id) ? ` ${t('readers.copyOnly')}` : ''}
          </li>
        ))}
      </ul>
      {route.excludedKinds.length ? (
        <p class="notice" role="note" data-testid="readers-excluded">
          {t('readers.excluded', { kinds: route.excludedKinds.map((k) => unitKindLabel(policy, k, lang)).join('; ') })}
        </p>
      ) : null}
      {confidential ? (
        <>
          <h3 id="readers-identity-title">{t('readers.identityTitle')}</h3>
          <p>{t('readers.identityIntro')}</p>
          <ul data-testid="readers-identity" aria-labelledby="readers-identity-title">
            {identity.map((id) => (
              <li data-unit={id}>{unitLabel(policy, id, lang)}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

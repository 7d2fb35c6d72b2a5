import { useEffect, useState } from 'preact/hooks';

type T = (key: string, options?: Record<string, unknown>) => string;
type PublishedAnchor = { seq: number; day: string; at: string; trigger: string; hash: string };
type Anchors = { publicKey: string | null; keyId: string | null; anchors: PublishedAnchor[] };

/** Days shown on the page; the open data holds every anchor. */
const DAYS_SHOWN = 14;

/**
 * The audit trail's signed daily anchors (docs/statistics.md §Audit anchors): the last anchor of
 * each recent day, the key that signs them, and the open data to keep. A copy held outside makes
 * a later rewrite of the trail visible (workers/cli/verifyAudit.ts --published).
 */
export function AnchorsSection({ t }: { t: T }) {
  const [data, setData] = useState<Anchors | 'loading' | 'failed'>('loading');
  useEffect(() => {
    fetch('/api/public/stats/anchors.json', { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<Anchors>) : Promise.reject(new Error(String(r.status)))))
      .then(setData, () => setData('failed'));
  }, []);
  if (data === 'loading') return null;
  const lastOfDay = data === 'failed' ? [] : [...new Map(data.anchors.map((a) => [a.day, a])).values()].reverse().slice(0, DAYS_SHOWN);
  return (
    <section class="stat-section anchors" aria-labelledby="anchors-title" data-anchors={lastOfDay.length}>
      <h2 id="anchors-title">{t('stats.anchors.title')}</h2>
      <p>{t('stats.anchors.intro')}</p>
      {data === 'failed' && <p class="error" role="alert">{t('stats.anchors.failed')}</p>}
      {data !== 'failed' && !lastOfDay.length && <p data-state="empty">{t('stats.anchors.none')}</p>}
      {data !== 'failed' && data.publicKey && (
        <p>
          {t('stats.anchors.publicKey')}: <code class="hash">{data.publicKey}</code>
        </p>
      )}
      {lastOfDay.length > 0 && (
        <div class="scroll" tabIndex={0}>
          <table>
            <caption>{t('stats.anchors.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stats.anchors.day')}</th>
                <th scope="col">{t('stats.anchors.number')}</th>
                <th scope="col">{t('stats.anchors.hash')}</th>
              </tr>
            </thead>
            <tbody>
              {lastOfDay.map((a) => (
                <tr key={a.seq}>
                  <th scope="row">{a.day}</th>
                  <td>{a.seq}</td>
                  <td class="hash-cell">
                    <code class="hash">{a.hash}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="no-print">
        {t('stats.anchors.download')}: <a href="/api/public/stats/anchors.json">JSON</a> · <a href="/api/public/stats/anchors.csv">CSV</a>
      </p>
    </section>
  );
}

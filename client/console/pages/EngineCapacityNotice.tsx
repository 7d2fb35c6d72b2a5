import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';

type EngineCapacity = { engine: 'embedded' | 'mongodb'; cases: number; limit: number; near: boolean };

/**
 * On the administration page: a warning when the embedded database engine nears the case count
 * where routing one case passes a second (server/infra/engineCapacity.ts), with the way out.
 */
export function EngineCapacityNotice() {
  const { t } = useI18n();
  const [capacity, setCapacity] = useState<EngineCapacity | null>(null);
  useEffect(() => {
    api.get<EngineCapacity>('/admin/engine').then(setCapacity, () => setCapacity(null));
  }, []);
  if (!capacity?.near) return null;
  return (
    <p class="notice" role="status" data-testid="engine-near-limit">
      {t('console.admin.engineNear', { cases: capacity.cases.toLocaleString(), limit: capacity.limit.toLocaleString() })}
    </p>
  );
}

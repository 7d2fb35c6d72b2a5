import { useI18n } from '../../shared/i18n';

/** Deadline state as text and colour (never colour alone). */
export function DeadlineBadge({ state, due }: { state: 'overdue' | 'due_soon' | 'on_time' | 'none'; due: string | null }) {
  const { t, lang } = useI18n();
  if (state === 'none' || !due) return <span class="badge none">—</span>;
  return (
    <span class={`badge ${state}`} data-deadline={state}>
      {t(`console.deadline.${state}`)} · {formatDate(due, lang)}
    </span>
  );
}

export function formatDate(iso: string | Date, lang: string): string {
  return new Date(iso).toLocaleDateString(lang === 'kk' ? 'kk-KZ' : lang === 'ru' ? 'ru-RU' : 'en-GB', { year: 'numeric', month: 'short', day: 'numeric' });
}

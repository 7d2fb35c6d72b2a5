import { labelOf, labelText, type Policy } from '../../../core/policy';
import { useReporterI18n } from '../messages';
import { ChoiceGroup, SelectField } from './fields';

export type RoutingChoice = { category: string; sector: string; region: string; seniority: string; amount: string; flags: string[] };
export const EMPTY_ROUTING: RoutingChoice = { category: '', sector: '', region: '', seniority: '', amount: '', flags: [] };

/**
 * The routing questions, rendered from the signed policy: questions, options and help texts
 * all come from it, in the current language. Only choices, never free text: these answers are
 * the one part of a report the server sees in clear.
 */
export function RoutingQuestions(props: { policy: Policy; value: RoutingChoice; onChange: (patch: Partial<RoutingChoice>) => void; errors: Record<string, string> }) {
  const { policy, value, onChange, errors } = props;
  const { t, lang } = useReporterI18n();
  const q = policy.routingInputs;
  const text = (labels: Parameters<typeof labelText>[0]) => labelText(labels, lang);
  const chosenCategory = policy.categories.find((c) => c.id === value.category);
  const categoryHelp = [text(q.category.help), chosenCategory?.help ? text(chosenCategory.help) : ''].filter(Boolean).join(' ');
  return (
    <section aria-labelledby="routing-title">
      <h2 id="routing-title">{t('form.routingTitle')}</h2>
      <p class="help">{t('form.routingHelp')}</p>
      <SelectField
        id="category"
        label={text(q.category.labels)}
        help={categoryHelp}
        required
        error={errors.category}
        value={value.category}
        placeholder={t('form.choose')}
        options={policy.categories.map((c) => ({ value: c.id, label: labelOf(policy, 'category', c.id, lang) }))}
        onChange={(category) => onChange({ category })}
      />
      {q.sector && policy.sectors?.length ? (
        <SelectField
          id="sector"
          label={text(q.sector.labels)}
          help={text(q.sector.help)}
          value={value.sector}
          placeholder={t('form.sectorNone')}
          options={policy.sectors.map((s) => ({ value: s.id, label: labelOf(policy, 'sector', s.id, lang) }))}
          onChange={(sector) => onChange({ sector })}
        />
      ) : null}
      <SelectField
        id="region"
        label={text(q.region.labels)}
        help={text(q.region.help)}
        required
        error={errors.region}
        value={value.region}
        placeholder={t('form.choose')}
        options={[
          ...policy.regions.map((r) => ({ value: r.code, label: labelOf(policy, 'region', r.code, lang) })),
          { value: 'unknown', label: text(q.region.unknownLabels) },
        ]}
        onChange={(region) => onChange({ region })}
      />
      <ChoiceGroup
        id="seniority"
        kind="radio"
        label={text(q.seniority.labels)}
        help={text(q.seniority.help)}
        required
        error={errors.seniority}
        options={q.seniority.options.map((o) => ({ value: o.id, label: text(o.labels), help: text(o.help) }))}
        isChecked={(v) => value.seniority === v}
        onToggle={(seniority) => onChange({ seniority })}
      />
      <ChoiceGroup
        id="amount"
        kind="radio"
        label={text(q.amount.labels)}
        help={text(q.amount.help)}
        required
        error={errors.amount}
        options={q.amount.options.map((o) => ({ value: o.id, label: text(o.labels), help: text(o.help) }))}
        isChecked={(v) => value.amount === v}
        onToggle={(amount) => onChange({ amount })}
      />
      {q.flags.options.length ? (
        <ChoiceGroup
          id="flags"
          kind="checkbox"
          label={text(q.flags.labels)}
          help={`${text(q.flags.help)} ${t('form.flagsNone')}`}
          options={q.flags.options.map((o) => ({ value: o.id, label: text(o.labels), help: text(o.help) }))}
          isChecked={(v) => value.flags.includes(v)}
          onToggle={(flag, checked) => onChange({ flags: checked ? [...value.flags, flag] : value.flags.filter((f) => f !== flag) })}
        />
      ) : null}
    </section>
  );
}

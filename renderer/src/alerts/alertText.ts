import type { TFunction } from 'i18next';
import { DEFAULT_ALERT_RULES } from '@shared/model/alertRule';
import { describeSeries } from '@shared/monitor/series';
import { seriesKey } from '../i18n/enSeries';

/**
 * What an alert rule is about, in the interface language: a shipped rule's own description from the
 * language table, a description the operator wrote as written, else the label of the watched series.
 */
export function alertRuleText(t: TFunction, rule: { name: string; description?: string | undefined; series: string }): string {
  const shipped = DEFAULT_ALERT_RULES.find((d) => d.name === rule.name);
  if (rule.description && shipped && shipped.description === rule.description) return t(`alerts.defaultText.${rule.name}`, { defaultValue: rule.description });
  if (rule.description) return rule.description;
  const spec = describeSeries(rule.series);
  return spec ? t(`monitorSeries.${seriesKey(spec.id)}`, { defaultValue: spec.label }) : rule.series;
}

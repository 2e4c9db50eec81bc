/** The three trend cells of a fleet row: calls up, CPU and ASR over the last half hour, with the latest value. */
import { useTranslation } from 'react-i18next';
import { useChartTheme } from '../monitor/chartTheme';
import { formatValue } from '../monitor/format';
import { asrSeries, type FleetTrend } from './fleetTrend';
import { Sparkline } from './Sparkline';

function last(xs: Float64Array): number | null {
  for (let i = xs.length - 1; i >= 0; i--) if (!Number.isNaN(xs[i] ?? NaN)) return xs[i] ?? null;
  return null;
}

export function FleetTrends({ trend, now }: { trend: FleetTrend | undefined; now: number }) {
  const { t } = useTranslation();
  const theme = useChartTheme();
  if (!trend) return <><td className="muted">—</td><td className="muted">—</td><td className="muted">—</td></>;
  const calls = trend.series('engine.calls.active', now);
  const cpu = trend.series('sys.cpu.total', now);
  const asr = asrSeries(trend.series('engine.calls.attempts', now), trend.series('engine.calls.answered', now));
  const cell = (values: Float64Array, latest: number | null, text: string, color: string, label: string, max?: number) => (
    <td className="fleet-trend">
      <Sparkline values={values} color={color} max={max} label={t('fleet.trendLabel', { what: label, value: text })} />
      <span className="fleet-trend-value">{text}</span>
    </td>
  );
  const callsNow = trend.latest['engine.calls.active'] ?? last(calls);
  const cpuNow = trend.latest['sys.cpu.total'] ?? last(cpu);
  const asrNow = last(asr);
  return (
    <>
      {cell(calls, callsNow, callsNow === null ? '—' : formatValue(callsNow, 'count'), theme.lines[0] ?? theme.text, t('fleet.colCalls'))}
      {cell(cpu, cpuNow, cpuNow === null ? '—' : formatValue(cpuNow, 'percent'), theme.lines[1] ?? theme.text, t('fleet.colCpu'), 100)}
      {cell(asr, asrNow, asrNow === null ? '—' : formatValue(asrNow, 'percent'), theme.lines[2] ?? theme.text, t('fleet.colAsr'), 100)}
    </>
  );
}

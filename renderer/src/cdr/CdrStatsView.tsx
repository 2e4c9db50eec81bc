// Per-gateway call statistics (cdr.stats) over the call record page's range: a table and a bar
// chart of attempts against answered calls.
import { TimeField } from '../util/TimeField';
import { useState } from 'react';
import { Button, Callout, FormGroup, HTMLSelect, HTMLTable, InputGroup, Intent } from '@blueprintjs/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { CDR_STATS_LIMITS, type CdrGatewayStats, type CdrStatsSide } from '@shared/rpc/cdrApi';
import { callAgent } from '../api/agent';
import { formatDuration } from '../calls/callColumns';
import { useHost } from '../host/HostContext';
import { useChartTheme } from '../monitor/chartTheme';
import { plainFailure, type PlainFailure } from '../util/failure';
import { FailureNote } from '../util/FailureDetails';
import { toCdrRange, type CdrForm } from './cdrForm';

const CHART = { width: 640, height: 240 };
const MAX_SPAN_MS = CDR_STATS_LIMITS.maxRangeDays * 86_400_000;

const gatewayName = (g: CdrGatewayStats, t: TFunction) => g.gateway ?? t('cdr.statsNoGateway');

/** A delay as read at a glance: whole ms below a second (a fast gateway is not "0.0 s"), else seconds. */
export function formatDelay(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** The cells of one gateway's row, as the operator reads them. */
export function statsCells(g: CdrGatewayStats, t: TFunction): string[] {
  return [
    gatewayName(g, t),
    String(g.attempts),
    String(g.answered),
    String(g.failed),
    String(g.refused),
    `${(g.asr * 100).toFixed(1)} %`,
    g.acdSec === null ? '—' : formatDuration(Math.round(g.acdSec)),
    formatDelay(g.answerDelayMs),
    formatDelay(g.pddMs),
    g.failureCodes.map((c) => `${c.code} ×${c.count}`).join(', ') || '—',
  ];
}

const HEADERS = ['statsColGateway', 'statsColAttempts', 'statsColAnswered', 'statsColFailed', 'statsColRefused', 'statsColAsr', 'statsColAcd', 'statsColAnswerDelay', 'statsColPdd', 'statsColCodes'] as const;

export function CdrStatsView({ serverId, serverName, range, onRangeChange }: {
  serverId: string;
  serverName: string;
  range: Pick<CdrForm, 'from' | 'to'>;
  onRangeChange: (field: 'from' | 'to', value: string) => void;
}) {
  const { t } = useTranslation();
  const host = useHost();
  const theme = useChartTheme();
  const [side, setSide] = useState<CdrStatsSide>('routing');
  const [gateway, setGateway] = useState('');
  const [stats, setStats] = useState<CdrGatewayStats[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<PlainFailure | null>(null);
  const parsed = toCdrRange(range);
  const tooWide = parsed.range !== null && parsed.range.to - parsed.range.from > MAX_SPAN_MS;

  const load = async (r: { from: number; to: number }) => {
    setBusy(true);
    try {
      const res = await callAgent(host, serverId, 'cdr.stats', { ...r, side, ...(gateway.trim() && { gateway: gateway.trim() }) });
      setStats(res.gateways);
      setError(null);
    } catch (e) {
      setError(plainFailure(t, e, 'read'));
    } finally {
      setBusy(false);
    }
  };
  const chartData = (stats ?? []).map((g) => ({ name: gatewayName(g, t), attempts: g.attempts, answered: g.answered }));

  return (
    <div className="cdr-stats">
      <form className="page-toolbar cdr-form" onSubmit={(e) => { e.preventDefault(); if (parsed.range && !tooWide) void load(parsed.range); }}>
        <FormGroup label={t('cdr.from')} inline><TimeField label={t('cdr.from')} value={range.from} onChange={(v) => onRangeChange('from', v)} invalid={parsed.problem === 'from'} /></FormGroup>
        <FormGroup label={t('cdr.to')} inline><TimeField label={t('cdr.to')} value={range.to} onChange={(v) => onRangeChange('to', v)} invalid={parsed.problem === 'to' || tooWide} /></FormGroup>
        <HTMLSelect aria-label={t('cdr.statsSide')} value={side} onChange={(e) => setSide(e.currentTarget.value as CdrStatsSide)}>
          {(['routing', 'mapping'] as const).map((s) => <option key={s} value={s}>{t(`cdr.statsSide_${s}`)}</option>)}
        </HTMLSelect>
        <InputGroup className="short" placeholder={t('cdr.gateway')} aria-label={t('cdr.gateway')} value={gateway} onValueChange={setGateway} />
        <Button type="submit" icon="timeline-bar-chart" intent={Intent.PRIMARY} disabled={!parsed.range || tooWide || busy} loading={busy} text={t('cdr.statsShow')} />
      </form>
      {parsed.problem && <Callout intent={Intent.DANGER}>{t(`cdr.problem_${parsed.problem}`)}</Callout>}
      {tooWide && <Callout intent={Intent.DANGER}>{t('cdr.statsTooWide')}</Callout>}
      {error && <Callout intent={Intent.WARNING}><FailureNote failure={error} lead={(text) => t('cdr.statsFailed', { error: text })} /></Callout>}
      {stats && stats.length === 0 && !error && <Callout>{t('cdr.statsNone')}</Callout>}
      {stats && stats.length > 0 && (
        <>
          <div className="table-scroll">
            <HTMLTable compact striped aria-label={t('cdr.statsTable', { name: serverName })}>
              <thead><tr>{HEADERS.map((h) => <th key={h}>{t(`cdr.${h}`)}</th>)}</tr></thead>
              <tbody>
                {stats.map((g) => <tr key={g.gateway ?? ''}>{statsCells(g, t).map((c, i) => <td key={HEADERS[i]}>{c}</td>)}</tr>)}
              </tbody>
            </HTMLTable>
          </div>
          <figure className="cdr-stats-chart" aria-label={t('cdr.statsChart')}>
            <BarChart width={CHART.width} height={CHART.height} data={chartData} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
              <CartesianGrid stroke={theme.grid} vertical={false} />
              <XAxis dataKey="name" stroke={theme.axis} tick={{ fill: theme.axis, fontSize: 11 }} />
              <YAxis allowDecimals={false} stroke={theme.axis} tick={{ fill: theme.axis, fontSize: 11 }} />
              <Tooltip contentStyle={{ background: theme.background, color: theme.text }} />
              <Legend />
              <Bar dataKey="attempts" name={t('cdr.statsColAttempts')} fill={theme.lines[0]} isAnimationActive={false} />
              <Bar dataKey="answered" name={t('cdr.statsColAnswered')} fill={theme.lines[2]} isAnimationActive={false} />
            </BarChart>
          </figure>
        </>
      )}
      <p className="muted cdr-stats-note">{t('cdr.statsPddNote')}</p>
    </div>
  );
}

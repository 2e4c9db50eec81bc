/** Range picker, custom range, pause and zoom reset of the monitor tab. */
import { TimeField } from '../util/TimeField';
import { useState } from 'react';
import { Button, ButtonGroup } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { fromLocalInput, RANGE_PRESETS, toLocalInput, type RangePreset } from './ranges';

interface Props {
  preset: RangePreset;
  onPreset: (p: RangePreset) => void;
  custom: { from: number; to: number };
  onCustom: (r: { from: number; to: number }) => void;
  paused: boolean;
  onPause: (paused: boolean) => void;
  zoomed: boolean;
  onResetZoom: () => void;
}

export function MonitorToolbar({ preset, onPreset, custom, onCustom, paused, onPause, zoomed, onResetZoom }: Props) {
  const { t } = useTranslation();
  const [fromText, setFromText] = useState(toLocalInput(custom.from));
  const [toText, setToText] = useState(toLocalInput(custom.to));
  const from = fromLocalInput(fromText);
  const to = fromLocalInput(toText);
  const problem = from === null ? t('monitor.customFromInvalid') : to === null ? t('monitor.customToInvalid') : to <= from ? t('monitor.customOrder') : null;

  return (
    <div className="monitor-toolbar">
      <ButtonGroup aria-label={t('monitor.range')}>
        {RANGE_PRESETS.map((p) => (
          <Button key={p} active={preset === p && !zoomed} aria-pressed={preset === p && !zoomed} onClick={() => onPreset(p)} text={t(`monitor.preset.${p}`)} />
        ))}
      </ButtonGroup>
      {preset === 'custom' && !zoomed && (
        <span className="monitor-custom">
          <TimeField size="small" value={fromText} onChange={setFromText} label={t('monitor.customFrom')} invalid={from === null} />
          <span>–</span>
          <TimeField size="small" value={toText} onChange={setToText} label={t('monitor.customTo')} invalid={to === null || (from !== null && to <= from)} />
          <Button size="small" intent="primary" disabled={problem !== null} onClick={() => from !== null && to !== null && onCustom({ from, to })} text={t('monitor.customShow')} />
          {problem && <span className="monitor-problem" role="alert">{problem}</span>}
        </span>
      )}
      {zoomed && <Button icon="zoom-out" onClick={onResetZoom} text={t('monitor.resetZoom')} />}
      <Button icon={paused ? 'play' : 'pause'} onClick={() => onPause(!paused)} text={paused ? t('monitor.resume') : t('monitor.pause')} disabled={zoomed} />
    </div>
  );
}

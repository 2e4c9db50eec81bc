import { Icon, Intent } from '@blueprintjs/core';
import { createColumnHelper } from '@tanstack/react-table';
import type { TFunction } from 'i18next';
import type { ParamDef, ParamIssue } from '@shared/catalog';
import { compactRange, compactUnit, compactValue, ENGINE_RANK, valueMarks, type ParamWords } from './compact';
import type { ShownValue } from './ParamEditor';
import { paramIssueText } from './paramIssueText';

/** One line of the compact parameter table. */
export interface ParamRow {
  def: ParamDef;
  value: ShownValue;
  nonDefault: boolean;
  staged: boolean;
  issues: readonly ParamIssue[];
}

export function paramColumns(t: TFunction) {
  const c = createColumnHelper<ParamRow>();
  const hidden = t('dense.params.secretShown');
  const w: ParamWords = { on: t('dense.params.words.on'), off: t('dense.params.words.off'), auto: t('dense.params.words.auto'), none: t('dense.params.words.none'), chars: (max) => t('dense.params.words.chars', { max }), unit: (u) => t(`dense.params.words.unit.${u}`) };
  return [
    c.accessor((r) => r.def.name, {
      id: 'name',
      header: t('params.colName'),
      size: 240,
      cell: (i) => {
        const r = i.row.original;
        return (
          <span className="mono param-name" title={r.def.name}>
            {r.nonDefault && <span className="dot" aria-label={t('params.nonDefault')} />}
            {r.def.name}
            {r.issues.length > 0 && <Icon icon="warning-sign" size={12} intent={r.issues.some((x) => x.severity === 'error') ? Intent.DANGER : Intent.WARNING} className="row-icon" title={r.issues.map((x) => paramIssueText(x, t)).join(' ')} />}
          </span>
        );
      },
    }),
    c.accessor((r) => compactValue(r.def, r.value, hidden, w), { id: 'value', header: t('params.colValue'), size: 115, cell: (i) => <span {...valueMarks(i.row.original.def)} className={i.row.original.staged ? 'staged-value' : undefined}>{i.getValue()}</span> }),
    c.accessor((r) => compactValue(r.def, r.def.default, hidden, w), { id: 'default', header: t('params.colDefault'), size: 95, cell: (i) => <span {...valueMarks(i.row.original.def)}>{i.getValue()}</span> }),
    c.accessor((r) => compactRange(r.def, w), { id: 'range', header: t('dense.params.colRange'), size: 115, cell: (i) => <span lang={valueMarks(i.row.original.def).lang} title={i.getValue()}>{i.getValue()}</span> }),
    c.accessor((r) => compactUnit(r.def, w), { id: 'unit', header: t('dense.params.colUnit'), size: 52 }),
    c.accessor((r) => ENGINE_RANK[r.def.engine.status], {
      id: 'engine',
      header: t('params.colEngine'),
      size: 100,
      cell: (i) => {
        const s = i.row.original.def.engine.status;
        return <span className={`engine-text-${s}`} title={t(`dense.engine.${s}Short`)}>{t(`engine.${s}`)}</span>;
      },
    }),
  ];
}

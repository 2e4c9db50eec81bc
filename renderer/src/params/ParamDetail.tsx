import { forwardRef, type KeyboardEvent } from 'react';
import { Button, Icon, Intent, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { formatParamValue, paramValueEquals, type ParamDef, type ParamIssue, type ParamValue } from '@shared/catalog';
import { EngineDetails, useEngineShort } from './EngineBadge';
import { ParamEditor, type ShownValue } from './ParamEditor';
import { allowedText, paramIssueText } from './paramIssueText';
import { paramDescription } from './paramText';

interface Props {
  def: ParamDef | undefined;
  value: ShownValue;
  nonDefault: boolean;
  staged: boolean;
  issues: readonly ParamIssue[];
  onCommit: (v: ParamValue) => void;
  onReset: () => void;
  onUnstage: () => void;
  onRelated: (name: string) => void;
  /** Esc from the pane: back to the table row. */
  onLeave: () => void;
}

/** The selected parameter in full: editor, description, related parameters, and what the switch does with it. */
export const ParamDetail = forwardRef<HTMLElement, Props>(function ParamDetail({ def, value, nonDefault, staged, issues, onCommit, onReset, onUnstage, onRelated, onLeave }, ref) {
  const { t, i18n } = useTranslation();
  const short = useEngineShort();
  const onKey = (e: KeyboardEvent) => {
    // The editor's own Esc has already put its text back; the same key then returns to the table row.
    if (e.key === 'Escape') onLeave();
  };
  if (!def) return <aside ref={ref} className="param-detail muted" aria-label={t('dense.params.detailLabel')}>{t('dense.params.noSelection')}</aside>;
  const resetText = t('params.resetTitle', { value: formatParamValue(def.name, def.default, { redactSecrets: true }) });
  return (
    <aside ref={ref} className="param-detail" aria-label={t('dense.params.detailLabel')} onKeyDown={onKey}>
      <h3 className="mono param-detail-name">{def.name.replace(/_/g, '_\u200b')}</h3>
      <div className="muted small">{t(def.group === 'sip' ? 'params.groupSip' : 'params.groupSystem')} › {t(`category.${def.category}`)}</div>
      <div className="param-detail-editor" data-editor>
        <ParamEditor key={def.name} def={def} value={value} onCommit={onCommit} />
        {staged && <Tag intent={Intent.PRIMARY} minimal interactive onRemove={onUnstage}>{t('params.staged')}</Tag>}
        {nonDefault && !paramValueEquals(value as ParamValue, def.default) && <Button size="small" variant="minimal" icon="reset" title={resetText} aria-label={resetText} onClick={onReset} />}
      </div>
      {/* Default values in the catalog's words, as they are typed: English, like the description; the range in the interface language (option names stay as typed). */}
      <div className="small">{t('dense.params.defaultLabel')} <span lang="en">{formatParamValue(def.name, def.default, { redactSecrets: true })}</span></div>
      <div className="small">{t('dense.params.allowedLabel')} <span lang={def.type.kind === 'enum' ? 'en' : undefined}>{allowedText(def, t)}</span></div>
      {issues.length > 0 && (
        <ul className="param-detail-issues">
          {issues.map((i) => <li key={i.message}><Icon icon="warning-sign" intent={i.severity === 'error' ? Intent.DANGER : Intent.WARNING} size={12} /> {paramIssueText(i, t)}</li>)}
        </ul>
      )}
      <p className="param-detail-desc">{paramDescription(t, def)}</p>
      <p className={`param-detail-engine engine-text-${def.engine.status}`}>
        <strong>{t(`engine.${def.engine.status}`)}:</strong> {short(def.engine)}
      </p>
      {def.related.length > 0 && (
        <div className="related">
          <span>{t('params.related')}</span>
          <ul className="related-list">
            {def.related.map((r) => (
              <li key={r}>
                <button type="button" className="related-link mono" onClick={() => onRelated(r)} title={t('params.showRelated', { name: r })}>{r}</button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {/* The developer's notes (proving tests, sources) are written in English only; lang keeps fonts and screen readers right. */}
      <details className="param-detail-more" lang="en">
        <summary lang={i18n.language}>{t('dense.engine.details')}</summary>
        <EngineDetails support={def.engine} />
        <p>{t('dense.params.where', { where: def.vosLocation })}</p>
        {def.sourceNote && <p>{t('dense.params.sourceNote', { note: def.sourceNote })}</p>}
      </details>
    </aside>
  );
});

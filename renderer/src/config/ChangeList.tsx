import { useMemo, useState } from 'react';
import { HTMLTable, SegmentedControl } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { FieldChange } from '@shared/model/fieldPath';
import { expandChanges } from './changeRows';
import { changeSentences } from './changeSentences';
import { formatAbsent, formatJsonValue, isValueWord, type ValueWords } from './valueText';

/** Sentences beyond this many are counted, not drawn: a CSV import of thousands of gateways stays responsive. */
const MAX_SENTENCES = 500;

/** The changes as sentences an operator reads, with the field-by-field table one click away. */
export function ChangeList({ changes }: { changes: readonly FieldChange[] }) {
  const { t } = useTranslation();
  const [view, setView] = useState<'sentences' | 'table'>('sentences');
  if (changes.length === 0) return <p className="muted">{t('changes.none')}</p>;
  return (
    <div className="change-view">
      <SegmentedControl
        size="small"
        aria-label={t('changeText.viewLabel')}
        value={view}
        onValueChange={(v) => setView(v === 'table' ? 'table' : 'sentences')}
        options={[{ value: 'sentences', label: t('changeText.showSentences') }, { value: 'table', label: t('changeText.showTable') }]}
      />
      {view === 'sentences' ? <ChangeSentences changes={changes} /> : <ChangeTable changes={changes} />}
    </div>
  );
}

function ChangeSentences({ changes }: { changes: readonly FieldChange[] }) {
  const { t } = useTranslation();
  const sentences = useMemo(() => changeSentences(changes, (k, o) => t(k, o)), [changes, t]);
  const more = sentences.length - MAX_SENTENCES;
  return (
    <div className="change-list">
      <ul className="change-sentences">
        {sentences.slice(0, MAX_SENTENCES).map((s) => <li key={s.subject} data-testid="change-sentence" className={`change-${s.kind}`}>{s.text}</li>)}
      </ul>
      {more > 0 && <p className="muted">{t('changeText.more', { count: more })}</p>}
    </div>
  );
}

/** Field-by-field diff: path, value before, value after (absent = default / did not exist); created or deleted items field by field. */
function ChangeTable({ changes }: { changes: readonly FieldChange[] }) {
  const { t } = useTranslation();
  const words = useMemo<ValueWords>(() => ({ set: t('changes.value.set'), notSet: t('changes.value.notSet'), none: t('changes.value.none'), emptyList: t('changes.value.emptyList'), yes: t('changes.value.yes'), no: t('changes.value.no') }), [t]);
  return (
    <div className="change-list">
      <HTMLTable compact striped className="dense-table">
        <thead>
          <tr>
            <th>{t('changes.field')}</th>
            <th>{t('changes.before')}</th>
            <th>{t('changes.after')}</th>
          </tr>
        </thead>
        <tbody>
          {expandChanges(changes).map((c) => (
            <tr key={c.path}>
              <td className="mono" translate="no">{c.path}</td>
              <td className="mono before">{c.before === undefined ? <span className="muted">{formatAbsent(c.path, t('changes.absent'), t('changes.atDefault'))}</span> : <Value text={formatJsonValue(c.path, c.before, words)} words={words} />}</td>
              <td className="mono after">{c.after === undefined ? <span className="muted">{formatAbsent(c.path, t('changes.absent'), t('changes.atDefault'))}</span> : <Value text={formatJsonValue(c.path, c.after, words)} words={words} />}</td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
    </div>
  );
}

/** A value as stored (a host, an enum, a name: data, marked as not to be translated) or one of the interface's words. */
function Value({ text, words }: { text: string; words: ValueWords }) {
  return isValueWord(text, words) ? <>{text}</> : <span translate="no">{text}</span>;
}

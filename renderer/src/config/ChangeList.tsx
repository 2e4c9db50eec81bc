import { HTMLTable } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { FieldChange } from '@shared/model/fieldPath';
import { expandChanges } from './changeRows';
import { formatAbsent, formatJsonValue } from './valueText';

/** Field-by-field diff: path, value before, value after (absent = default / did not exist); created or deleted items field by field. */
export function ChangeList({ changes }: { changes: readonly FieldChange[] }) {
  const { t } = useTranslation();
  if (changes.length === 0) return <p className="muted">{t('changes.none')}</p>;
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
              <td className="mono">{c.path}</td>
              <td className="mono before">{c.before === undefined ? <span className="muted">{formatAbsent(c.path, t('changes.absent'), t('changes.atDefault'))}</span> : formatJsonValue(c.path, c.before)}</td>
              <td className="mono after">{c.after === undefined ? <span className="muted">{formatAbsent(c.path, t('changes.absent'), t('changes.atDefault'))}</span> : formatJsonValue(c.path, c.after)}</td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
    </div>
  );
}

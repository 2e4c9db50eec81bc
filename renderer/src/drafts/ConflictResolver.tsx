import { useState } from 'react';
import { Button, HTMLTable, Intent, Radio, RadioGroup } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { Conflict } from '@shared/model/fieldPath';
import { formatJsonValue } from '../config/valueText';

/** One choice per conflicting field: keep the draft's value (mine) or the server's (theirs). */
export function ConflictResolver({ conflicts, busy, onResolve }: { conflicts: readonly Conflict[]; busy: boolean; onResolve: (choices: Record<string, 'mine' | 'theirs'>) => void }) {
  const { t } = useTranslation();
  const [choices, setChoices] = useState<Record<string, 'mine' | 'theirs'>>({});
  const complete = conflicts.every((c) => choices[c.path]);
  const show = (path: string, v: unknown) => (v === undefined ? t('changes.absent') : formatJsonValue(path, v));
  return (
    <div className="conflicts">
      <HTMLTable compact className="dense-table">
        <thead><tr><th>{t('changes.field')}</th><th>{t('apply.base')}</th><th>{t('apply.mine')}</th><th>{t('apply.theirs')}</th><th>{t('drafts.keep')}</th></tr></thead>
        <tbody>
          {conflicts.map((c) => (
            <tr key={c.path}>
              <td className="mono">{c.path}</td>
              <td className="mono">{show(c.path, c.base)}</td>
              <td className="mono">{show(c.path, c.mine)}</td>
              <td className="mono">{show(c.path, c.theirs)}</td>
              <td>
                <RadioGroup inline selectedValue={choices[c.path]} onChange={(e) => { const v = e.currentTarget.value as 'mine' | 'theirs'; setChoices((x) => ({ ...x, [c.path]: v })); }}>
                  <Radio value="mine" label={t('apply.mine')} />
                  <Radio value="theirs" label={t('apply.theirs')} />
                </RadioGroup>
              </td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
      <Button intent={Intent.PRIMARY} disabled={!complete} loading={busy} onClick={() => onResolve(choices)} text={t('drafts.resolve')} />
    </div>
  );
}

import { useState } from 'react';
import { Button, HTMLTable, Intent, Radio, RadioGroup } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { Conflict } from '@shared/model/fieldPath';
import { formatAbsent, formatJsonValue } from '../config/valueText';

/** One choice per conflicting field: keep the draft's value (mine) or the server's (theirs). */
export function ConflictResolver({ conflicts, busy, onResolve }: { conflicts: readonly Conflict[]; busy: boolean; onResolve: (choices: Record<string, 'mine' | 'theirs'>) => void }) {
  const { t } = useTranslation();
  const [choices, setChoices] = useState<Record<string, 'mine' | 'theirs'>>({});
  const open = conflicts.filter((c) => !choices[c.path]).length;
  // An absent side is a parameter at its default (shown as in the diff) or an item that did not exist.
  const show = (path: string, v: unknown) => (v === undefined ? formatAbsent(path, t('changes.absent'), t('changes.atDefault')) : formatJsonValue(path, v));
  return (
    <div className="conflicts">
      <HTMLTable compact className="dense-table conflict-table">
        <thead><tr><th>{t('changes.field')}</th><th>{t('apply.base')}</th><th>{t('apply.mine')}</th><th>{t('apply.theirs')}</th><th>{t('drafts.keep')}</th></tr></thead>
        <tbody>
          {conflicts.map((c) => (
            <tr key={c.path}>
              <td className="mono wrap-path">{c.path}</td>
              <td className="mono">{show(c.path, c.base)}</td>
              <td className="mono">{show(c.path, c.mine)}</td>
              <td className="mono">{show(c.path, c.theirs)}</td>
              <td className="choice-cell">
                <RadioGroup inline selectedValue={choices[c.path]} onChange={(e) => { const v = e.currentTarget.value as 'mine' | 'theirs'; setChoices((x) => ({ ...x, [c.path]: v })); }}>
                  <Radio value="mine" label={t('apply.mine')} />
                  <Radio value="theirs" label={t('apply.theirs')} />
                </RadioGroup>
              </td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
      <div className="resolve-row">
        <Button intent={Intent.PRIMARY} disabled={open > 0} loading={busy} onClick={() => onResolve(choices)} text={t('drafts.resolve')} aria-describedby={open > 0 ? 'resolve-why' : undefined} />
        {open > 0 && <span id="resolve-why" className="muted">{t('drafts.resolveNeeds', { count: open })}</span>}
      </div>
    </div>
  );
}

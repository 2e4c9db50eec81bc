import { Button, Callout, Dialog, DialogBody, DialogFooter, HTMLTable, Intent, Tag } from '@blueprintjs/core';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useFocusFirstField, useGuardedClose } from '../../util/dialogKeys';
import type { ConfigOp } from '@shared/model/ops';
import type { CsvImport, RowStatus } from './importCsv';

const INTENT: Record<RowStatus, Intent> = { create: Intent.SUCCESS, update: Intent.PRIMARY, unchanged: Intent.NONE, error: Intent.DANGER };

interface Props {
  fileName: string;
  result: CsvImport;
  onStage: (ops: ConfigOp[]) => void;
  onCancel: () => void;
}

/** What an import would do, row by row; only rows without errors are staged, and only on request. */
export function CsvImportDialog({ fileName, result, onStage, onCancel }: Props) {
  const { t } = useTranslation();
  const count = (s: RowStatus) => result.rows.filter((r) => r.status === s).length;
  const n = result.ops.length;
  const bodyRef = useRef<HTMLDivElement>(null);
  useFocusFirstField(bodyRef);
  // Changes read from the file are the work here: Esc asks before dropping them.
  const { requestClose, prompt } = useGuardedClose(n > 0, onCancel);
  return (
    <Dialog isOpen onClose={requestClose} title={t('gw.csv.reportTitle', { file: fileName })} icon="import" style={{ width: 760 }} canOutsideClickClose={false}>
      <div ref={bodyRef} style={{ display: 'contents' }}>
      <DialogBody>
        <p>{t('gw.csv.summary', { create: count('create'), update: count('update'), unchanged: count('unchanged'), error: count('error') })}</p>
        {result.fileProblems.length > 0 && (
          <Callout intent={Intent.WARNING} icon="warning-sign" title={t('gw.csv.fileProblems')}>
            <ul>
              {/* Column names and gateway names are written as in the file: not words to translate. */}
              {result.fileProblems.map((p) => <li key={`${p.column}:${p.message}`}>{p.column ? <><span className="mono" translate="no">{p.column}</span>: </> : null}{p.message}</li>)}
            </ul>
          </Callout>
        )}
        {result.rows.length > 0 && (
          <div style={{ maxHeight: 360, overflow: 'auto' }}>
            <HTMLTable compact striped aria-label={t('gw.csv.rowsLabel')} style={{ width: '100%' }}>
              <thead>
                <tr><th>{t('gw.csv.colLine')}</th><th>{t('gw.colName')}</th><th>{t('gw.csv.colResult')}</th><th>{t('gw.csv.colErrors')}</th></tr>
              </thead>
              <tbody>
                {result.rows.map((r) => (
                  <tr key={r.line}>
                    <td>{r.line}</td>
                    <td className="mono" style={{ whiteSpace: 'nowrap' }} translate="no">{r.name}</td>
                    <td><Tag minimal intent={INTENT[r.status]}>{t(`gw.csv.status_${r.status}`)}</Tag></td>
                    <td>
                      {r.errors.map((e, i) => (
                        <div key={i}>{e.column ? <><span className="mono" translate="no">{e.column}</span>: </> : null}{e.message}</div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </HTMLTable>
          </div>
        )}
        <p className="muted">{t('gw.csv.stageHelp')}</p>
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button onClick={onCancel} text={t('common.cancel')} data-autofocus={n === 0 ? true : undefined} />
            <Button intent={Intent.PRIMARY} disabled={n === 0} onClick={() => onStage(result.ops)} text={t('gw.csv.stage', { count: n })} data-autofocus />
          </>
        }
      />
      </div>
      {prompt}
    </Dialog>
  );
}

import { useRef, useState } from 'react';
import { Button } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { ConfigOp } from '@shared/model/ops';
import { CsvImportDialog } from './CsvImportDialog';
import { csvFileName, downloadText, readTextFile } from './files';
import { exportCsv, type GatewayCsvFormat } from './format';
import { importCsv, type CsvImport } from './importCsv';

interface Props<T extends { name: string }> {
  format: GatewayCsvFormat<T>;
  /** The gateways as shown (staged edits included): what is exported and what an import compares with. */
  rows: readonly T[];
  fileStem: string;
  onStage: (ops: ConfigOp[]) => void;
}

/** Export CSV / Import CSV… for a gateway toolbar. */
export function CsvButtons<T extends { name: string }>({ format, rows, fileStem, onStage }: Props<T>) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [report, setReport] = useState<{ fileName: string; result: CsvImport } | null>(null);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const text = await readTextFile(file);
    setReport({ fileName: file.name, result: importCsv(format, text, rows) });
  };

  return (
    <>
      <Button icon="export" size="small" onClick={() => downloadText(csvFileName(fileStem, new Date()), exportCsv(format, rows))} text={t('gw.csv.export')} />
      <Button icon="import" size="small" onClick={() => input.current?.click()} text={t('gw.csv.import')} />
      <input
        ref={input}
        type="file"
        accept=".csv,.txt,text/csv"
        aria-label={t('gw.csv.fileLabel')}
        hidden
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          // Cleared so that choosing the same file again (after fixing it) fires a change.
          e.currentTarget.value = '';
          void onFile(file);
        }}
      />
      {report && (
        <CsvImportDialog
          fileName={report.fileName}
          result={report.result}
          onCancel={() => setReport(null)}
          onStage={(ops) => { onStage(ops); setReport(null); }}
        />
      )}
    </>
  );
}

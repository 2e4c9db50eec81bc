/**
 * Exports every record of a search as CSV: the agent is asked page by page (1,000 records each,
 * keyset cursor), so neither end builds the whole result in one answer; the file is assembled
 * from the pages' text parts. Progress is the share of the time range already covered (records
 * come newest first).
 */
import { useRef, useState } from 'react';
import type { AgentResult } from '@shared/rpc/agentApi';
import { callAgent } from '../api/agent';
import { downloadBlob } from '../gateways/csv/files';
import type { HostClient } from '../host/hostClient';
import { cdrCsvHeader, cdrCsvRows } from './cdrCsv';
import type { CdrQuery } from './cdrForm';

export interface CdrExport {
  /** 0…1 while running, null otherwise. */
  progress: number | null;
  records: number;
  start(query: CdrQuery, fileName: string): Promise<void>;
  cancel(): void;
}

export function useCdrExport(host: HostClient, serverId: string, onError: (e: unknown) => void): CdrExport {
  const [progress, setProgress] = useState<number | null>(null);
  const [records, setRecords] = useState(0);
  const cancelled = useRef(false);
  const start = async (query: CdrQuery, fileName: string) => {
    cancelled.current = false;
    setProgress(0);
    setRecords(0);
    const parts: string[] = [cdrCsvHeader()];
    let cursor: string | null = null;
    let count = 0;
    try {
      do {
        const page: AgentResult<'cdr.search'> = await callAgent(host, serverId, 'cdr.search', { ...query, limit: 1000, ...(cursor ? { cursor } : {}) });
        if (cancelled.current) return;
        parts.push(cdrCsvRows(page.records));
        count += page.records.length;
        setRecords(count);
        const last = page.records[page.records.length - 1];
        if (last) setProgress(Math.min(1, (query.to - last.startedAt) / (query.to - query.from)));
        cursor = page.nextCursor;
      } while (cursor);
      downloadBlob(fileName, new Blob(parts, { type: 'text/csv;charset=utf-8' }));
    } catch (e) {
      onError(e);
    } finally {
      setProgress(null);
    }
  };
  return { progress, records, start, cancel: () => { cancelled.current = true; setProgress(null); } };
}

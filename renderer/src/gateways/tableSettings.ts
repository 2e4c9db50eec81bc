import { useEffect, useState } from 'react';
import type { ColumnSizingState, SortingState } from '@tanstack/react-table';
import { z } from 'zod';
import { loadStored, saveStored } from '../util/storage';

const SettingsSchema = z.object({
  sizing: z.record(z.string(), z.number().min(30).max(2000)),
  sorting: z.array(z.object({ id: z.string(), desc: z.boolean() })).max(4),
});

/** Column widths and sort order of one table, remembered on this workstation (none when no key is given). */
export function useTableSettings(storageKey: string | undefined) {
  const key = storageKey ? `switchdeck.table.${storageKey}.v1` : undefined;
  const [initial] = useState(() => (key ? loadStored(key, SettingsSchema) : undefined));
  const [sizing, setSizing] = useState<ColumnSizingState>(initial?.sizing ?? {});
  const [sorting, setSorting] = useState<SortingState>(initial?.sorting ?? []);
  useEffect(() => {
    if (key) saveStored(key, { sizing, sorting });
  }, [key, sizing, sorting]);
  return { sizing, setSizing, sorting, setSorting };
}

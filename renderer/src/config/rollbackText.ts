import type { AutoRollbackNotice } from './autoRollback';
import { changeSentences, type Translate } from './changeSentences';

/** How many undone changes a toast names before it counts the rest (the notice lists them all). */
const TOAST_SENTENCES = 3;

/** "What was undone" in a line: the first sentences and how many more. */
export function undoneSummary(notice: AutoRollbackNotice, t: Translate): string {
  if (!notice.changes) return '';
  const sentences = changeSentences(notice.changes, t).map((s) => s.text);
  const shown = sentences.slice(0, TOAST_SENTENCES).join('; ');
  const more = sentences.length - TOAST_SENTENCES;
  return more > 0 ? t('rollback.undoneMore', { list: shown, count: more }) : shown;
}

/** The toast: which server, which revision, why, and what is gone. */
export function rollbackToastText(notice: AutoRollbackNotice, serverName: string, t: Translate): string {
  const what = t('rollback.headline', { name: serverName, revision: notice.rolledBack });
  const undone = undoneSummary(notice, t);
  return undone ? `${what} ${t('rollback.undone', { list: undone })}` : what;
}

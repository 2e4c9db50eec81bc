import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Callout, Checkbox, Dialog, DialogBody, HTMLTable, InputGroup, Intent, Spinner, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { FieldChange } from '@shared/model/fieldPath';
import type { RevisionEntry } from '@shared/rpc/agentApi';
import { callAgent } from '../api/agent';
import { ChangeList } from '../config/ChangeList';
import { useConfigSession } from '../config/ConfigSessions';
import { useHost } from '../host/HostContext';
import { plainFailure, failureToast, type PlainFailure } from '../util/failure';
import { FailureNote } from '../util/FailureDetails';
import { useToast } from '../util/toast';
import { formatTime } from '../util/time';

const PAGE = 50;
const STATUS_INTENT = { confirmed: Intent.SUCCESS, pending: Intent.WARNING, 'rolled-back': Intent.NONE } as const;

/** Revisions newest first: who, when, why; one revision's changes below the list; compare any two; roll back to one. */
export function HistoryPage({ serverId, serverName }: { serverId: string; serverName: string }) {
  const { t } = useTranslation();
  const host = useHost();
  const toast = useToast();
  const { session } = useConfigSession(serverId);
  const [revisions, setRevisions] = useState<RevisionEntry[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<PlainFailure | null>(null);
  const [picked, setPicked] = useState<number[]>([]);
  const [diff, setDiff] = useState<{ from: number; to: number; changes: FieldChange[] } | null>(null);
  const [shown, setShown] = useState<{ revision: number; changes: FieldChange[] | null; error: PlainFailure | null } | null>(null);
  const [rollback, setRollback] = useState<RevisionEntry | null>(null);
  const [comment, setComment] = useState('');

  const load = useCallback(async (before?: number) => {
    try {
      const r = await callAgent(host, serverId, 'config.history', { limit: PAGE, ...(before === undefined ? {} : { before }) });
      setRevisions((old) => (before === undefined ? r.revisions : [...old, ...r.revisions]));
      setHasMore(r.hasMore);
      setError(null);
    } catch (e) {
      setError(plainFailure(t, e, 'read'));
    }
  }, [host, serverId]);

  useEffect(() => {
    void load();
    return host.on('agent.event', (e) => { if (e.serverId === serverId && e.name === 'config.changed') void load(); });
  }, [host, serverId, load]);

  const toggle = (rev: number) => setPicked((p) => (p.includes(rev) ? p.filter((x) => x !== rev) : [...p, rev].slice(-2)));
  const compare = async () => {
    const [a, b] = [...picked].sort((x, y) => x - y);
    if (a === undefined || b === undefined) return;
    try {
      const r = await callAgent(host, serverId, 'config.diff', { from: a, to: b });
      setDiff({ from: a, to: b, changes: r.changes });
    } catch (e) {
      toast(...failureToast(t, e, 'read', (error) => t('history.diffFailed', { error })));
    }
  };
  // One revision's own changes: from the revision before it, no second pick needed.
  const show = async (revision: number) => {
    setShown({ revision, changes: null, error: null });
    try {
      const r = await callAgent(host, serverId, 'config.diff', { from: Math.max(0, revision - 1), to: revision });
      setShown((cur) => (cur?.revision === revision ? { revision, changes: r.changes, error: null } : cur));
    } catch (e) {
      setShown((cur) => (cur?.revision === revision ? { revision, changes: null, error: plainFailure(t, e, 'read') } : cur));
    }
  };
  const doRollback = async (entry: RevisionEntry) => {
    setRollback(null);
    try {
      const r = await callAgent(host, serverId, 'config.rollback', { toRevision: entry.revision, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      toast(t('history.rolledBack', { name: serverName, to: entry.revision, revision: r.revision }), Intent.SUCCESS);
      setComment('');
      void session.load();
      void load();
    } catch (e) {
      toast(...failureToast(t, e, 'change', (error) => t('history.rollbackFailed', { name: serverName, error })));
    }
  };

  return (
    <div className="page">
      <div className="page-toolbar">
        <Button icon="comparison" disabled={picked.length !== 2} onClick={() => void compare()} text={t('history.compare')} />
        <span className="muted">{t('history.pickHelp')}</span>
        <span className="spacer" />
        <Button icon="refresh" variant="minimal" onClick={() => void load()} aria-label={t('common.reload')} />
      </div>
      {error && <Callout intent={Intent.DANGER} title={t('history.loadFailed')}><FailureNote failure={error} /></Callout>}
      <div className="table-scroll">
        <HTMLTable compact striped className="dense-table history-table">
          <thead>
            <tr>
              <th />
              <th>{t('history.colRevision')}</th>
              <th>{t('history.colTime')}</th>
              <th>{t('history.colAuthor')}</th>
              <th>{t('history.colKind')}</th>
              <th>{t('history.colStatus')}</th>
              <th>{t('history.colChanges')}</th>
              <th>{t('history.colComment')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {revisions.map((r, i) => (
              <tr key={r.revision} className={shown?.revision === r.revision ? 'row-selected' : undefined} aria-selected={shown?.revision === r.revision} onClick={(e) => { if (!(e.target as HTMLElement).closest('button, input, label')) void show(r.revision); }}>
                <td><Checkbox checked={picked.includes(r.revision)} onChange={() => toggle(r.revision)} aria-label={t('history.pick', { revision: r.revision })} /></td>
                <td className="num">{r.revision}</td>
                <td title={r.time}>{formatTime(r.time)}</td>
                <td>{r.author.user} <span className="muted">({t(r.author.role === 'admin' ? 'serverForm.roleAdmin' : 'serverForm.roleView')})</span></td>
                <td>{t(`history.kind_${r.kind}`)}{r.restoredRevision !== null && <span className="muted"> {t('history.restored', { revision: r.restoredRevision })}</span>}</td>
                <td><Tag minimal intent={STATUS_INTENT[r.status]}>{t(`history.status_${r.status}`)}</Tag></td>
                <td className="num"><Button size="small" variant="minimal" onClick={() => void show(r.revision)} text={t('history.showChanges', { count: r.ops.length })} aria-label={t('history.showChangesOf', { revision: r.revision })} /></td>
                <td>{r.comment}</td>
                <td>{i > 0 && <Button size="small" icon="undo" onClick={() => setRollback(r)} text={t('history.rollback')} />}</td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
        {hasMore && <Button className="load-more" onClick={() => void load(revisions[revisions.length - 1]?.revision)} text={t('history.older')} />}
      </div>
      {shown && (
        <section className="history-detail" aria-label={t('history.detailTitle', { revision: shown.revision })}>
          <div className="history-detail-head">
            <strong>{t('history.detailTitle', { revision: shown.revision })}</strong>
            <span className="spacer" />
            <Button size="small" variant="minimal" icon="cross" onClick={() => setShown(null)} aria-label={t('common.close')} />
          </div>
          {shown.error ? <Callout intent={Intent.DANGER}><FailureNote failure={shown.error} lead={(error) => t('history.diffFailed', { error })} /></Callout> : shown.changes ? <ChangeList changes={shown.changes} /> : <Spinner size={20} aria-label={t('load.loading')} />}
        </section>
      )}
      {diff && (
        <Dialog isOpen title={t('history.diffTitle', { from: diff.from, to: diff.to })} onClose={() => setDiff(null)} className="change-large" style={{ width: 'min(1200px, 92vw)' }}>
          <DialogBody><ChangeList changes={diff.changes} /></DialogBody>
        </Dialog>
      )}
      <Alert isOpen={rollback !== null} intent={Intent.WARNING} icon="undo" cancelButtonText={t('common.cancel')} confirmButtonText={t('history.rollbackConfirm', { revision: rollback?.revision ?? '' })} onCancel={() => setRollback(null)} onConfirm={() => rollback && void doRollback(rollback)}>
        <p>{t('history.rollbackQuestion', { name: serverName, revision: rollback?.revision ?? '' })}</p>
        <InputGroup value={comment} onValueChange={setComment} placeholder={t('apply.commentPlaceholder')} aria-label={t('apply.comment')} />
      </Alert>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { Dialog, DialogBody, HTMLTable } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import './shortcuts.css';

const GROUPS = [
  { id: 'groupTables', rows: ['move', 'extend', 'toggle', 'all', 'open', 'delete', 'menu', 'clear'] },
  { id: 'groupTree', rows: ['treeMove', 'treeOpen', 'treeMenu'] },
  { id: 'groupDialogs', rows: ['dialogSave', 'dialogClose'] },
  { id: 'groupGeneral', rows: ['help'] },
] as const;

/** Typing into a field must never open the help: "?" is a character there. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || !!el.closest('.xterm'));
}

/** The list of keyboard shortcuts, opened with "?" anywhere outside a text field. */
export function ShortcutsHelp() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !typing(e.target)) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <Dialog isOpen={open} onClose={() => setOpen(false)} title={t('dense.keys.title')} icon="key-command" style={{ width: 620 }}>
      <DialogBody>
        {GROUPS.map((g) => (
          <section key={g.id} className="shortcuts-group">
            <h4>{t(`dense.keys.${g.id}`)}</h4>
            <HTMLTable compact className="shortcuts-table">
              <tbody>
                {g.rows.map((r) => (
                  <tr key={r}>
                    <td className="shortcut-keys"><kbd>{t(`dense.keys.rows.${r}.keys`)}</kbd></td>
                    <td>{t(`dense.keys.rows.${r}.what`)}</td>
                  </tr>
                ))}
              </tbody>
            </HTMLTable>
          </section>
        ))}
      </DialogBody>
    </Dialog>
  );
}

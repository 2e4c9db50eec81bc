import { useRef, useState, type ReactNode } from 'react';
import { Button, Dialog, DialogBody, DialogFooter, Intent, Tab, Tabs, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { useFocusFirstField, useGuardedClose } from '../util/dialogKeys';

export interface DialogTab {
  id: string;
  title: string;
  errors: number;
  panel: ReactNode;
}

/**
 * The VOS3000-style edit dialog: tabs whose titles show how many fields on them need attention. It
 * opens with the cursor in the first field, and Esc asks before discarding typed values (`dirty`).
 */
export function GatewayDialogFrame({ title, tabs, onCancel, onSubmit, tab, onTab, dirty = false }: { title: string; tabs: DialogTab[]; onCancel: () => void; onSubmit: () => void; tab?: string; onTab?: (id: string) => void; dirty?: boolean }) {
  const { t } = useTranslation();
  const [own, setOwn] = useState(tabs[0]?.id ?? '');
  const selected = tab ?? own;
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstField(formRef);
  const { requestClose, prompt } = useGuardedClose(dirty, onCancel);
  return (
    <Dialog isOpen title={title} icon="edit" onClose={requestClose} style={{ width: 820 }} canOutsideClickClose={false}>
      <form
        ref={formRef}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <DialogBody className="gateway-dialog-body">
          <Tabs id="gateway-tabs" selectedTabId={selected} onChange={(id) => (onTab ? onTab(String(id)) : setOwn(String(id)))} animate={false}>
            {tabs.map((tb) => (
              <Tab
                key={tb.id}
                id={tb.id}
                title={
                  <span>
                    {tb.title}
                    {tb.errors > 0 && <Tag intent={Intent.DANGER} round className="tab-errors" aria-label={t('gw.tabErrors', { count: tb.errors })}>{tb.errors}</Tag>}
                  </span>
                }
                panel={<div className="gateway-tab-panel">{tb.panel}</div>}
              />
            ))}
          </Tabs>
        </DialogBody>
        <DialogFooter
          actions={
            <>
              {/* No blur on press: leaving an empty field shows its error, which moves this button away before the click lands. */}
              <Button onMouseDown={(ev) => ev.preventDefault()} onClick={onCancel} text={t('common.cancel')} />
              <Button type="submit" intent={Intent.PRIMARY} text={t('gw.stageChange')} />
            </>
          }
        >
          <span className="muted">{t('gw.stageHelp')}</span>
        </DialogFooter>
      </form>
      {prompt}
    </Dialog>
  );
}

import type { ComponentType } from 'react';
import type { CollectionKey } from '@shared/model/collections';
import type { ConfigOp } from '@shared/model/ops';
import type { ConfigSnapshot } from '@shared/model/snapshot';
import { stageSaved } from './GatewaysPage';
import type { EditorDialogProps } from './useGatewaySubmit';

type ItemDialogProps<I, T> = EditorDialogProps<I, T> & {
  /** The routing gateways that exist (staged edits included): what "may use" offers. */
  routingNames: readonly string[];
};

/**
 * GatewaysPage's `dialog` for the edit dialog of one collection: a blank item for "Add", and
 * "Stage change" stages the item (dropping the old name when it was renamed).
 */
export function editorDialog<I, T extends I & { name: string; enabled: boolean }>(collection: CollectionKey, Dialog: ComponentType<ItemDialogProps<I, T>>, blank: () => I) {
  return function renderDialog(item: T | undefined, taken: ReadonlySet<string>, stage: (ops: ConfigOp[]) => void, close: () => void, snapshot: ConfigSnapshot) {
    return (
      <Dialog
        routingNames={snapshot.routingGateways.map((g) => g.name)}
        initial={item ?? blank()}
        originalName={item?.name}
        takenNames={taken}
        onCancel={close}
        onSave={stageSaved(collection, stage)}
      />
    );
  };
}

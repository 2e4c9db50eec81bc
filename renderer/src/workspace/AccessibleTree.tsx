import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Classes, Icon, type TreeNodeInfo } from '@blueprintjs/core';

interface Props<T> {
  contents: readonly TreeNodeInfo<T>[];
  /** Accessible name of the tree. */
  label: string;
  onNodeClick: (node: TreeNodeInfo<T>) => void;
  onNodeToggle: (node: TreeNodeInfo<T>) => void;
  onNodeDoubleClick?: (node: TreeNodeInfo<T>) => void;
  /** Right-click, the Menu key or Shift+F10 on a node, with where the menu should open. */
  onNodeContextMenu?: (node: TreeNodeInfo<T>, at: { left: number; top: number }) => void;
}

interface Visible<T> {
  node: TreeNodeInfo<T>;
  parent: TreeNodeInfo<T> | null;
}

/** Node ids (with group names in them) as DOM ids: aria-labelledby is a space-separated list. */
function domId(id: string | number): string {
  return String(id).replace(/[^A-Za-z0-9-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}

/** The nodes a user can reach with the arrow keys: every node whose ancestors are all expanded. */
function visibleNodes<T>(nodes: readonly TreeNodeInfo<T>[], parent: TreeNodeInfo<T> | null = null): Visible<T>[] {
  return nodes.flatMap((node) => [{ node, parent }, ...(node.isExpanded && node.childNodes ? visibleNodes(node.childNodes, node) : [])]);
}

/**
 * Blueprint's Tree drawn with the same classes (so it looks the same) but as an ARIA tree: role
 * tree / treeitem / group with aria-level, aria-expanded and aria-selected, each item named by its
 * label alone (its state text is the description), and the keyboard model of the WAI-ARIA tree
 * pattern (arrows move and expand/collapse, Enter or Space activates, Home/End).
 */
export function AccessibleTree<T>({ contents, label, onNodeClick, onNodeToggle, onNodeDoubleClick, onNodeContextMenu }: Props<T>) {
  const [focusId, setFocusId] = useState<string | number | null>(null);
  const refs = useRef(new Map<string | number, HTMLLIElement>());
  const visible = useMemo(() => visibleNodes(contents), [contents]);
  // Roving tab stop: the focused item, else the selected one, else the first.
  const tabStop = visible.find((v) => v.node.id === focusId)?.node.id ?? visible.find((v) => v.node.isSelected)?.node.id ?? visible[0]?.node.id;

  const focus = (id: string | number | undefined) => {
    if (id === undefined) return;
    setFocusId(id);
    refs.current.get(id)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    // The item that has focus is the one the key is for (also before React saw its focus event).
    const item = (e.target as HTMLElement).closest('[role="treeitem"]');
    const at = visible.findIndex((v) => refs.current.get(v.node.id) === item);
    const cur = visible[at];
    if (!cur) return;
    const hasChildren = (cur.node.childNodes?.length ?? 0) > 0;
    let handled = true;
    switch (e.key) {
      case 'ArrowDown': focus(visible[Math.min(at + 1, visible.length - 1)]?.node.id); break;
      case 'ArrowUp': focus(visible[Math.max(at - 1, 0)]?.node.id); break;
      case 'Home': focus(visible[0]?.node.id); break;
      case 'End': focus(visible[visible.length - 1]?.node.id); break;
      case 'ArrowRight':
        if (hasChildren && !cur.node.isExpanded) onNodeToggle(cur.node);
        else if (hasChildren) focus(cur.node.childNodes?.[0]?.id);
        break;
      case 'ArrowLeft':
        if (hasChildren && cur.node.isExpanded) onNodeToggle(cur.node);
        else if (cur.parent) focus(cur.parent.id);
        break;
      case 'Enter':
      case ' ':
        if (!cur.node.disabled) onNodeClick(cur.node);
        break;
      case 'ContextMenu':
      case 'F10': {
        if (e.key === 'F10' && !e.shiftKey) { handled = false; break; }
        const box = (item?.querySelector(`.${Classes.TREE_NODE_CONTENT}`) ?? item)?.getBoundingClientRect();
        if (!cur.node.disabled && box) onNodeContextMenu?.(cur.node, { left: box.left + 24, top: box.bottom });
        break;
      }
      default: handled = false;
    }
    if (handled) e.preventDefault();
  };

  const renderNodes = (nodes: readonly TreeNodeInfo<T>[], depth: number) =>
    nodes.map((node) => {
      const children = node.childNodes ?? [];
      const expandable = children.length > 0;
      const labelId = `tree-label-${domId(node.id)}`;
      const stateId = `tree-state-${domId(node.id)}`;
      const classes = [Classes.TREE_NODE, node.disabled ? Classes.DISABLED : '', node.isSelected ? Classes.TREE_NODE_SELECTED : '', node.isExpanded ? Classes.TREE_NODE_EXPANDED : '', node.className ?? ''].filter(Boolean).join(' ');
      return (
        <li
          key={node.id}
          ref={(el) => { if (el) refs.current.set(node.id, el); else refs.current.delete(node.id); }}
          className={classes}
          role="treeitem"
          aria-level={depth + 1}
          aria-expanded={expandable ? node.isExpanded === true : undefined}
          aria-selected={node.isSelected === true}
          aria-disabled={node.disabled === true ? true : undefined}
          aria-labelledby={labelId}
          aria-describedby={node.secondaryLabel ? stateId : undefined}
          tabIndex={node.id === tabStop ? 0 : -1}
          onFocus={(e) => { if (e.target === e.currentTarget) setFocusId(node.id); }}
        >
          <div
            className={`${Classes.TREE_NODE_CONTENT} ${Classes.TREE_NODE_CONTENT}-${depth}`}
            onClick={node.disabled ? undefined : () => { setFocusId(node.id); onNodeClick(node); }}
            onDoubleClick={node.disabled ? undefined : () => onNodeDoubleClick?.(node)}
            onContextMenu={
              node.disabled || !onNodeContextMenu
                ? undefined
                : (e) => {
                    e.preventDefault();
                    setFocusId(node.id);
                    onNodeContextMenu(node, { left: e.clientX, top: e.clientY });
                  }
            }
          >
            {expandable ? (
              <Icon
                icon="chevron-right"
                aria-hidden
                className={`${Classes.TREE_NODE_CARET} ${node.isExpanded ? Classes.TREE_NODE_CARET_OPEN : Classes.TREE_NODE_CARET_CLOSED}`}
                onClick={(e) => { e.stopPropagation(); if (!node.disabled) onNodeToggle(node); }}
              />
            ) : (
              <span className={Classes.TREE_NODE_CARET_NONE} />
            )}
            {node.icon !== undefined && <Icon className={Classes.TREE_NODE_ICON} icon={node.icon} aria-hidden />}
            <span className={Classes.TREE_NODE_LABEL} id={labelId}>{node.label}</span>
            {node.secondaryLabel && <span className={Classes.TREE_NODE_SECONDARY_LABEL} id={stateId}>{node.secondaryLabel}</span>}
          </div>
          {expandable && node.isExpanded && (
            <ul className={Classes.TREE_NODE_LIST} role="group">
              {renderNodes(children, depth + 1)}
            </ul>
          )}
        </li>
      );
    });

  return (
    <div className={Classes.TREE}>
      <ul className={`${Classes.TREE_NODE_LIST} ${Classes.TREE_ROOT}`} role="tree" aria-label={label} onKeyDown={onKeyDown}>
        {renderNodes(contents, 0)}
      </ul>
    </div>
  );
}

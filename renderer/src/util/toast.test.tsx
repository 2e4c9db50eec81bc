// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { Dialog, DialogFooter, Intent } from '@blueprintjs/core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import '../i18n';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { MAX_TOASTS, TOAST_TIMEOUT_MS, ToastArea, ToastProvider, useToast } from './toast';

beforeAll(installDomStubs);
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

let notify: ReturnType<typeof useToast> = () => undefined;
function Grab() {
  notify = useToast();
  return null;
}

/** A stand-in for the workspace grid: pages in one row, the toast row below them. */
function renderWorkspace() {
  return render(
    <ToastProvider>
      <Grab />
      <div className="workspace">
        <main className="work-area">
          <table aria-label="rows">
            <tbody>
              <tr>
                <td>last row</td>
              </tr>
            </tbody>
          </table>
        </main>
        <ToastArea />
      </div>
    </ToastProvider>,
  );
}

const area = () => screen.queryByRole('region', { name: 'Notices' });

describe('toasts', () => {
  it('show in the workspace toast area (not Blueprint\'s overlay), once, and only while there are any', () => {
    const { container } = renderWorkspace();
    expect(area()).toBeNull();
    act(() => notify('Connected to sandbox.', Intent.SUCCESS));
    const row = area();
    expect(row?.parentElement).toBe(container.querySelector('.workspace'));
    expect(row?.closest('.work-area')).toBeNull();
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(['Connected to sandbox.']);
    expect(document.querySelector('.bp6-toast-container, .bp6-overlay')).toBeNull();
  });

  it('float over the page while nothing lies below them, and take a row of their own once they would cover a row', () => {
    // jsdom has no layout: the stack sits at the bottom right, the table row either above it or below it.
    let rowTop = 100;
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
      const box = (left: number, top: number, right: number, bottom: number) => ({ left, top, right, bottom, x: left, y: top, width: right - left, height: bottom - top, toJSON: () => ({}) }) as DOMRect;
      if (this.classList.contains('toast-stack')) return box(800, 600, 1270, 660);
      if (this.tagName === 'TR') return box(300, rowTop, 1270, rowTop + 24);
      return box(0, 0, 0, 0);
    });
    renderWorkspace();
    act(() => notify('Connected to sandbox.', Intent.SUCCESS));
    expect(area()?.className).toBe('toast-area toast-float');
    act(() => notify('Saved.', Intent.SUCCESS));
    expect(area()?.className).toBe('toast-area toast-float');
    // The row now lies where the toasts float: they move to their own row (and stay there while any shows).
    rowTop = 620;
    act(() => notify('Applied.', Intent.SUCCESS));
    expect(area()?.className).toBe('toast-area toast-row');
    rowTop = 100;
    act(() => notify('Applied again.', Intent.SUCCESS));
    expect(area()?.className).toBe('toast-area toast-row');
    vi.restoreAllMocks();
  });

  it('let a notice fade after its timeout but keep an error until it is closed', () => {
    vi.useFakeTimers();
    renderWorkspace();
    act(() => notify('Saved.', Intent.SUCCESS));
    act(() => notify('Could not connect to sandbox.', Intent.DANGER));
    act(() => vi.advanceTimersByTime(TOAST_TIMEOUT_MS + 100));
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(['Could not connect to sandbox.']);
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(area()).toBeNull();
  });

  it('fold the technical text into a details view below the plain message', () => {
    renderWorkspace();
    act(() => notify('Could not connect to Bare server: the agent is not running.', Intent.DANGER, '127.0.0.1:2222 refused a stream to /run/x.sock (channel-refused)'));
    const details = screen.getByRole('alert').querySelector('details');
    expect(details?.open).toBe(false);
    expect(details?.querySelector('summary')?.textContent).toBe('Technical details');
    expect(details?.textContent).toContain('/run/x.sock');
  });

  it('show the same notice once (its timer restarts) and at most the newest few', () => {
    renderWorkspace();
    act(() => notify('Applied.', Intent.SUCCESS));
    act(() => notify('Applied.', Intent.SUCCESS));
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    for (let i = 1; i <= MAX_TOASTS + 2; i++) act(() => notify(`error ${i}`, Intent.DANGER));
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(['error 3', 'error 4', 'error 5', 'error 6']);
  });

  it('still show without a workspace (early screens, page tests)', () => {
    render(
      <ToastProvider>
        <Grab />
      </ToastProvider>,
    );
    act(() => notify('Host reachable again.'));
    expect(screen.getByRole('alert').textContent).toBe('Host reachable again.');
  });

  it('stay above an open dialog\'s backdrop (so they can be closed), beside the dialog where there is room, else above it', async () => {
    // The app's and Blueprint's real style sheets: which one wins is what the operator sees.
    const style = document.createElement('style');
    style.textContent = [createRequire(import.meta.url).resolve('@blueprintjs/core/lib/css/blueprint.css'), join(import.meta.dirname, '../styles.css')].map((f) => readFileSync(f, 'utf8')).join('\n');
    document.head.appendChild(style);
    vi.spyOn(window, 'innerWidth', 'get').mockReturnValue(1280);
    let dialog = { left: 390, right: 890 };
    const box = (left: number, right: number) => ({ left, top: 100, right, bottom: 600, x: left, y: 100, width: right - left, height: 500, toJSON: () => ({}) }) as DOMRect;
    // The box as drawn (mid-transition it is scaled around its centre) and the layout width, which the room is taken from.
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
      const mid = (dialog.left + dialog.right) / 2;
      return this.classList.contains('bp6-dialog') ? box(mid - (mid - dialog.left) / 2, mid + (dialog.right - mid) / 2) : box(0, 0);
    });
    vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('bp6-dialog') ? dialog.right - dialog.left : 0;
    });
    try {
      renderWorkspace();
      act(() => notify('Could not save the gateway.', Intent.DANGER));
      // The dialog opening is seen through a MutationObserver: let its callback run.
      await act(async () => {
        render(<Dialog isOpen title="Edit gateway" transitionDuration={0}><DialogFooter actions={<button type="button">Save</button>} /></Dialog>);
      });
      const backdrop = document.querySelector('.bp6-overlay.bp6-overlay-open');
      expect(backdrop).toBeTruthy();
      const z = (el: Element) => Number(getComputedStyle(el).zIndex);
      expect(z(area()!)).toBeGreaterThan(z(backdrop!));
      // 1280 − the dialog's right edge (890) − a 16 px gap: the toasts fit in what is left.
      expect(area()!.style.getPropertyValue('--toast-room')).toBe('374px');
      expect(area()!.classList.contains('toast-beside-dialog')).toBe(true);
      // A wide dialog leaves under 200 px beside it: the toasts go above it, at a readable width.
      dialog = { left: 100, right: 1180 };
      await act(async () => window.dispatchEvent(new Event('resize')));
      expect(area()!.classList.contains('toast-above-dialog')).toBe(true);
      expect(area()!.style.getPropertyValue('--toast-room')).toBe('');
      expect(z(area()!)).toBeGreaterThan(z(backdrop!));
      fireEvent.click(within(area()!).getByRole('button', { name: 'Close' }));
      expect(area()).toBeNull();
    } finally {
      style.remove();
      vi.restoreAllMocks();
    }
  });
});

import type { ReactElement } from 'react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import type { HostClient } from '../../../renderer/src/host/hostClient';
import { HostProvider } from '../../../renderer/src/host/HostContext';
import { ToastProvider } from '../../../renderer/src/util/toast';
import { installDomStubs } from './setupDom';
import { stubSize } from './layoutStubs';

/**
 * The set-up every page test of the renderer repeats: jsdom's missing browser APIs, a layout of
 * the given size (jsdom does none; only the sides given are stubbed), and unmounting after each
 * test — emptying localStorage too when the page remembers table settings there.
 */
export function setupPageTests(size: { height?: number; width?: number } = {}, o: { clearStorage?: boolean } = {}): void {
  let restore = () => {};
  beforeAll(() => {
    installDomStubs();
    restore = stubSize(size);
  });
  afterAll(() => restore());
  afterEach(() => {
    cleanup();
    if (o.clearStorage) localStorage.clear();
  });
}

/** A server page over `host` with the providers every such page needs (host and toasts). */
export function renderServerPage(host: HostClient, page: ReactElement): void {
  render(
    <HostProvider client={host}>
      <ToastProvider>{page}</ToastProvider>
    </HostProvider>,
  );
}

// @vitest-environment jsdom
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { App, HostUnavailable } from '../App';
import i18next from '../i18n';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zhCN';
import { HostProvider, useHost } from './HostContext';
import { HostUnavailableError } from './hostUnavailable';
import { WindowErrorBoundary } from './WindowScreens';

const NO_TOKEN = 'This page was opened without its access token. Open the exact address the Switchdeck shell printed when it started (it ends with #token=…).';
const NO_ANSWER = 'no answer from the Switchdeck host within 10 s';

beforeAll(installDomStubs);
afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await i18next.changeLanguage('en');
});
// React reports each caught render error on the console; the tests look at the screen instead.
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

/** The raw text is inside a closed "Technical details" fold, and nowhere else on the screen. */
function expectFolded(raw: string) {
  const details = document.querySelector('details.failure-details') as HTMLDetailsElement;
  expect(details.open).toBe(false);
  expect(details.querySelector('summary')?.textContent).toBe(i18next.t('notice.details'));
  expect(details.textContent).toContain(raw);
  const outside = document.body.cloneNode(true) as HTMLElement;
  outside.querySelector('details.failure-details')?.remove();
  expect(outside.textContent).not.toContain(raw);
}

function appOver(host: FakeHost) {
  render(
    <HostProvider client={host}>
      <App />
    </HostProvider>,
  );
}

describe('host unreachable', () => {
  it('says the host did not answer in plain words, the raw reason folded, and retries on request', async () => {
    let answer = false;
    const host = new FakeHost({
      'servers.list': () => {
        if (!answer) throw new Error(NO_ANSWER);
        return { servers: [] };
      },
      'servers.states': () => ({ states: [] }),
    });
    appOver(host);
    await screen.findByText(en.host.fail['not-answering']);
    expect(screen.getByRole('heading', { name: en.host.unreachableTitle })).toBeTruthy();
    expectFolded(NO_ANSWER);
    answer = true;
    fireEvent.click(screen.getByRole('button', { name: en.common.retry }));
    await screen.findByRole('navigation', { name: en.nav.label });
  });

  it('says it in Chinese when Chinese is chosen', async () => {
    await i18next.changeLanguage('zh-CN');
    appOver(new FakeHost({ 'servers.list': () => { throw new Error(NO_ANSWER); }, 'servers.states': () => ({ states: [] }) }));
    await screen.findByText(zhCN.host.fail['not-answering']);
    expect(screen.getByRole('heading', { name: zhCN.host.unreachableTitle })).toBeTruthy();
    expect(screen.getByText(zhCN.host.unreachableNext)).toBeTruthy();
    expectFolded(NO_ANSWER);
  });

  it('says the window has no link to the host when it was opened without one (no bridge, no token)', async () => {
    render(<HostUnavailable error={new HostUnavailableError(NO_TOKEN)} />);
    expect(screen.getByText(en.host.fail['no-bridge'])).toBeTruthy();
    expectFolded(NO_TOKEN);
    await i18next.changeLanguage('zh-CN');
    expect(await screen.findByText(zhCN.host.fail['no-bridge'])).toBeTruthy();
  });
});

describe('a render crash inside the window', () => {
  function Broken(): never {
    throw new TypeError("Cannot read properties of undefined (reading 'map')");
  }

  it('is not called "host unreachable": it says the window hit an error, offers a reload and folds the error', () => {
    const reload = vi.fn();
    vi.spyOn(window, 'location', 'get').mockReturnValue({ ...window.location, reload });
    render(
      <WindowErrorBoundary>
        <Broken />
      </WindowErrorBoundary>,
    );
    expect(screen.getByRole('heading', { name: en.host.crashTitle })).toBeTruthy();
    expect(screen.queryByText(en.host.unreachableTitle)).toBeNull();
    expect(screen.getByText(en.host.crashBody)).toBeTruthy();
    expectFolded("Cannot read properties of undefined (reading 'map')");
    fireEvent.click(screen.getByRole('button', { name: en.host.reload }));
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('says it in Chinese when Chinese is chosen', async () => {
    await i18next.changeLanguage('zh-CN');
    render(
      <WindowErrorBoundary>
        <Broken />
      </WindowErrorBoundary>,
    );
    expect(screen.getByRole('heading', { name: zhCN.host.crashTitle })).toBeTruthy();
    expect(screen.getByRole('button', { name: zhCN.host.reload })).toBeTruthy();
  });

  it('is "host unreachable" when what threw is the missing host link', () => {
    function NeedsHost() {
      useHost();
      return null;
    }
    render(
      <WindowErrorBoundary>
        <NeedsHost />
      </WindowErrorBoundary>,
    );
    expect(screen.getByRole('heading', { name: en.host.unreachableTitle })).toBeTruthy();
    expect(screen.getByText(en.host.fail['no-bridge'])).toBeTruthy();
  });
});

// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { HostKeyDialog } from './HostKeyDialog';
import type { HostKeyPrompt } from './useConnectFlow';

beforeAll(installDomStubs);
afterEach(cleanup);

const prompt = (kind: 'unknown' | 'changed', keyType = 'ssh-ed25519'): HostKeyPrompt => ({
  promptId: 'p1',
  host: '192.0.2.7',
  port: 2222,
  keyType,
  fingerprintSha256: `SHA256:${'A'.repeat(43)}`,
  kind,
});

describe('HostKeyDialog', () => {
  it('shows the fingerprint and the matching ssh-keygen command for a new key', () => {
    const onDecide = vi.fn();
    render(<HostKeyDialog prompt={prompt('unknown')} serverName="sw-1" busy={false} onDecide={onDecide} />);
    expect(screen.getByTestId('fingerprint').textContent).toBe(`SHA256:${'A'.repeat(43)}`);
    expect(screen.getByText('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub')).toBeTruthy();
    // The setting and file names are code inside the sentence: the paragraph reads as one text.
    expect(screen.getByText((_, el) => el?.tagName === 'P' && /the key named by HostKey in the server’s sshd_config/.test(el.textContent ?? ''))).toBeTruthy();
    expect(screen.getByText('sshd_config', { selector: 'code' }).getAttribute('translate')).toBe('no');
    expect(screen.getAllByText(/\[192\.0\.2\.7\]:2222/).length).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('button', { name: 'Accept key and connect' }));
    expect(onDecide).toHaveBeenLastCalledWith('accept-save');
    fireEvent.click(screen.getByRole('button', { name: 'Accept once' }));
    expect(onDecide).toHaveBeenLastCalledWith('accept-once');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onDecide).toHaveBeenLastCalledWith('reject');
  });

  it('names the right key file for other key types', () => {
    render(<HostKeyDialog prompt={prompt('unknown', 'ecdsa-sha2-nistp256')} serverName="sw-1" busy={false} onDecide={vi.fn()} />);
    expect(screen.getByText('ssh-keygen -lf /etc/ssh/ssh_host_ecdsa_key.pub')).toBeTruthy();
  });

  it('offers no way to accept a changed key and explains how to fix known_hosts', () => {
    const onDecide = vi.fn();
    render(<HostKeyDialog prompt={prompt('changed', 'rsa-sha2-512')} serverName="sw-1" busy={false} onDecide={onDecide} />);
    expect(screen.getByText(/has changed/)).toBeTruthy();
    const buttons = screen.getAllByRole('button').map((b) => b.textContent ?? b.getAttribute('aria-label') ?? '');
    expect(buttons.some((b) => /accept/i.test(b))).toBe(false);
    expect(screen.getByText(/ssh-keygen -R '\[192\.0\.2\.7\]:2222'/)).toBeTruthy();
    expect(screen.getByText('ssh-keygen -lf /etc/ssh/ssh_host_rsa_key.pub')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close, do not connect' }));
    expect(onDecide).toHaveBeenCalledWith('reject');
    expect(onDecide).not.toHaveBeenCalledWith('accept-save');
    expect(onDecide).not.toHaveBeenCalledWith('accept-once');
  });
});

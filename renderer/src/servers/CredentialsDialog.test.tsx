// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { CredentialsDialog } from './CredentialsDialog';
import type { CredentialsPrompt } from './useConnectFlow';

beforeAll(installDomStubs);
afterEach(cleanup);

const prompt = (canRemember: boolean): CredentialsPrompt => ({
  promptId: 'p1',
  kind: 'password',
  name: '',
  instructions: canRemember ? '' : 'This window has no access to the system keychain, so the answer cannot be remembered.',
  prompts: [],
  retry: false,
  canRemember,
});

describe('CredentialsDialog', () => {
  it('sends the password and the remember choice where a keychain exists', () => {
    const onAnswer = vi.fn();
    render(<CredentialsDialog prompt={prompt(true)} serverName="sw-1" username="ops" busy={false} onAnswer={onAnswer} onCancel={() => {}} />);
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret' } });
    const remember = screen.getByRole('checkbox', { name: 'Remember in the system keychain' }) as HTMLInputElement;
    expect(remember.disabled).toBe(false);
    fireEvent.click(remember);
    fireEvent.submit(remember.closest('form')!);
    expect(onAnswer).toHaveBeenLastCalledWith(['secret'], true);
  });

  it('disables remembering where there is no keychain, and says why', () => {
    const onAnswer = vi.fn();
    render(<CredentialsDialog prompt={prompt(false)} serverName="sw-1" username="ops" busy={false} onAnswer={onAnswer} onCancel={() => {}} />);
    expect((screen.getByRole('checkbox', { name: 'Remember in the system keychain' }) as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText(/no access to the system keychain/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret' } });
    fireEvent.submit(screen.getByLabelText('Password').closest('form')!);
    expect(onAnswer).toHaveBeenLastCalledWith(['secret'], false);
  });
});

// @vitest-environment jsdom
// Saving a draft that carries a secret: where the host cannot encrypt drafts (browser shell, no OS
// keychain), the dialog says plainly, before saving, that the value is kept unencrypted.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MappingGatewaySchema } from '@shared/model/mappingGateway';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { renderParamsPage } from '../../../test/doubles/renderer/renderParamsPage';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { opsCarrySecretValues } from './draftSecrets';

beforeAll(installDomStubs);
afterEach(cleanup);

const HASH = 'c'.repeat(64);
const WARNING = 'Passwords in this draft are saved unencrypted';

function setup(encrypted: boolean) {
  const host = new FakeHost({
    agent: { 'config.get': () => ({ snapshot: { revision: 2, hash: HASH, params: {}, routingGateways: [], mappingGateways: [], endpoints: [] }, status: 'confirmed' }) },
    'drafts.secretStorage': () => ({ encrypted }),
  });
  renderParamsPage(host);
  return host;
}

async function stageAndOpenSaveDialog(name: string, value: string) {
  // The table is virtualised: filter down to the parameter first.
  fireEvent.change(await screen.findByLabelText('Search name, description or category'), { target: { value: name } });
  const input = await screen.findByLabelText(name);
  fireEvent.change(input, { target: { value } });
  fireEvent.keyDown(input, { key: 'Enter' });
  await screen.findByText('1 staged change');
  fireEvent.click(screen.getByRole('button', { name: 'Save as draft' }));
  return screen.findByRole('dialog');
}

describe('saving a draft with a secret', () => {
  it('warns before saving when the host keeps drafts unencrypted', async () => {
    const host = setup(false);
    const dialog = await stageAndOpenSaveDialog('SS_RTPENCRYPTIONKEY', 'abcdefghijklmnop');
    expect(await within(dialog).findByText(WARNING)).toBeTruthy();
    expect(within(dialog).getByText(/no OS keychain to encrypt it/)).toBeTruthy();
    expect(host.calls.filter((c) => c.method === 'drafts.secretStorage')).toHaveLength(1);
  });

  it('says nothing when the host encrypts them', async () => {
    const host = setup(true);
    const dialog = await stageAndOpenSaveDialog('SS_RTPENCRYPTIONKEY', 'abcdefghijklmnop');
    await waitFor(() => expect(host.calls.filter((c) => c.method === 'drafts.secretStorage')).toHaveLength(1));
    expect(within(dialog).queryByText(WARNING)).toBeNull();
  });

  it('tells secret values apart from kept or absent ones', () => {
    expect(opsCarrySecretValues([{ op: 'param.set', name: 'SS_RTPENCRYPTIONKEY', value: 'k' }])).toBe(true);
    expect(opsCarrySecretValues([{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: 30 }])).toBe(false);
    const gw = (password: object) => MappingGatewaySchema.parse({ name: 'm', authMode: 'password', username: 'u', password });
    expect(opsCarrySecretValues([{ op: 'mappingGateway.upsert', gateway: gw({ set: true, value: 'pw' }) }])).toBe(true);
    expect(opsCarrySecretValues([{ op: 'mappingGateway.upsert', gateway: gw({ set: true }) }])).toBe(false);
  });
});

// @vitest-environment jsdom
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { CATALOG, formatParamValue } from '@shared/catalog';
import { RpcError } from '@shared/rpc/errors';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { renderParamsPage } from '../../../test/doubles/renderer/renderParamsPage';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { en } from '../i18n/en';

beforeAll(installDomStubs);
// Staged changes survive a reload through sessionStorage: each test starts from an empty window.
beforeEach(() => sessionStorage.clear());
afterEach(cleanup);

const HASH = 'b'.repeat(64);
const def = CATALOG.find((d) => d.type.kind === 'integer' && typeof d.default === 'number' && d.type.max > d.default);
if (!def || def.type.kind !== 'integer' || typeof def.default !== 'number') throw new Error('catalog has no integer parameter to edit');
const NAME = def.name;
const NEW = def.default + 1;

function snapshot(revision: number, params: Record<string, number> = {}) {
  return { revision, hash: HASH, params, routingGateways: [], mappingGateways: [], endpoints: [] };
}

function setup(apply: (p: unknown) => unknown) {
  let status: 'confirmed' | 'pending' = 'confirmed';
  let current = snapshot(3);
  const until = new Date(Date.now() + 120_000).toISOString();
  const host = new FakeHost({
    agent: {
      'config.get': () => ({ snapshot: current, status, ...(status === 'pending' ? { pendingConfirmUntil: until } : {}) }),
      'config.apply': (p) => {
        const r = apply(p);
        current = snapshot(4, { [NAME]: NEW });
        status = 'pending';
        return r;
      },
      'config.confirm': () => {
        status = 'confirmed';
        return { revision: 4, status: 'confirmed' };
      },
    },
  });
  renderParamsPage(host);
  return { host, until };
}

/** The editor of the parameter in the detail pane: searching its exact name selects it. */
async function editorOf(name: string) {
  fireEvent.change(await screen.findByLabelText('Search name, description or category'), { target: { value: name } });
  return screen.findByLabelText(name);
}

async function stageChange() {
  const input = await editorOf(NAME);
  fireEvent.change(input, { target: { value: String(NEW) } });
  fireEvent.keyDown(input, { key: 'Enter' });
  await screen.findByText('1 staged change');
  fireEvent.click(screen.getByRole('button', { name: 'Apply now…' }));
  return screen.findByRole('dialog');
}

describe('staged changes → apply', () => {
  it('shows the field diff, applies with baseRevision and confirm time, then confirms', async () => {
    const { host, until } = setup(() => ({ revision: 4, hash: HASH, dryRun: false, plan: [], changes: [], pendingConfirmUntil: new Date(Date.now() + 120_000).toISOString(), warnings: [] }));
    const dialog = await stageChange();
    expect(within(dialog).getAllByTestId('change-sentence').map((e) => e.textContent)).toEqual([`${NAME} ${formatParamValue(NAME, def.default)} (default) → ${formatParamValue(NAME, NEW)}`]);
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Field by field' }));
    expect(within(dialog).getByText(`params.${NAME}`)).toBeTruthy();
    fireEvent.click(within(dialog).getByLabelText(/Roll back automatically/));
    fireEvent.change(within(dialog).getByLabelText('Comment'), { target: { value: 'raise it' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));

    await waitFor(() => expect(host.agentCalls('config.apply')).toHaveLength(1));
    expect(host.agentCalls('config.apply')[0]).toEqual({ baseRevision: 3, ops: [{ op: 'param.set', name: NAME, value: NEW }], comment: 'raise it', confirmWithinSec: 120 });
    const confirm = await screen.findByRole('button', { name: 'Confirm' });
    expect(screen.getByText(/Revision 4 is provisional/)).toBeTruthy();
    expect(until).toBeTruthy();
    expect(screen.queryByText('1 staged change')).toBeNull();
    fireEvent.click(confirm);
    await waitFor(() => expect(host.agentCalls('config.confirm')).toEqual([{ revision: 4 }]));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Confirm' })).toBeNull());
  });

  it('refuses a confirm window outside what the agent accepts, saying what is allowed', async () => {
    setup(() => {
      throw new Error('must not be called');
    });
    const dialog = await stageChange();
    fireEvent.click(within(dialog).getByLabelText(/Roll back automatically/));
    const seconds = within(dialog).getByLabelText('Seconds to confirm');
    for (const value of ['5', '3601', '']) {
      fireEvent.change(seconds, { target: { value } });
      expect(within(dialog).getByText('The confirm window must be a whole number of seconds from 10 to 3600.')).toBeTruthy();
      expect(within(dialog).getByRole('button', { name: 'Apply' }).hasAttribute('disabled')).toBe(true);
    }
    fireEvent.change(seconds, { target: { value: '10' } });
    expect(within(dialog).queryByText(/The confirm window must be/)).toBeNull();
    expect(within(dialog).getByRole('button', { name: 'Apply' }).hasAttribute('disabled')).toBe(false);
  });

  it('shows a CONFLICT field by field and keeps the staged change', async () => {
    setup(() => {
      throw new RpcError('CONFLICT', 'changed since revision 3', { conflicts: [{ path: `params.${NAME}`, base: def.default, mine: NEW, theirs: NEW + 1 }], currentRevision: 5, currentHash: HASH });
    });
    const dialog = await stageChange();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    const rows = await within(dialog).findAllByTestId('conflict-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.textContent).toContain(`params.${NAME}`);
    expect(within(dialog).getByText(/server is now at revision 5/)).toBeTruthy();
    expect(screen.getByText('1 staged change')).toBeTruthy();
  });

  it('shows VALIDATION_FAILED errors per field', async () => {
    setup(() => {
      throw new RpcError('VALIDATION_FAILED', 'invalid', { errors: [{ path: `params.${NAME}`, message: 'too large for this engine' }], warnings: [] });
    });
    const dialog = await stageChange();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    const rows = await within(dialog).findAllByTestId('invalid-row');
    // A refusal this version has no sentence for: said plainly, the agent's own words folded into the details.
    expect(rows[0]?.textContent).toBe(`params.${NAME}: ${en.problem.field.refused}${en.notice.details}too large for this engine`);
    expect(within(rows[0]!).getByText('too large for this engine').closest('details')).toBeTruthy();
  });

  it('says the agent\'s findings with a reason code in the interface language, not the agent\'s English', async () => {
    setup(() => {
      throw new RpcError('VALIDATION_FAILED', 'invalid', {
        errors: [{ path: 'routingGateways[gw-a].prefixes[1]', message: 'prefix 0044 is listed twice', reason: { code: 'prefix.twice', values: { value: '0044' } } }],
        warnings: [],
      });
    });
    const dialog = await stageChange();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    const rows = await within(dialog).findAllByTestId('invalid-row');
    expect(rows[0]?.textContent).toBe('routingGateways[gw-a].prefixes[1]: prefix 0044 is listed twice; list each prefix once');
    expect(rows[0]?.querySelector('details')).toBeNull();
  });

  it('says a failure without field findings by its code, with the agent\'s text in the details', async () => {
    const busy = 'cannot apply a change: revision 7 by ops is waiting for confirmation until 2026-01-01T00:00:00Z; confirm it or roll it back first';
    setup(() => {
      throw new RpcError('BUSY', busy);
    });
    const dialog = await stageChange();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    await within(dialog).findByText(en.problem.fail.BUSY);
    expect(within(dialog).getByText(`${busy} (BUSY)`).closest('details')).toBeTruthy();
  });
});

describe('offline: the cached copy', () => {
  it('shows the last seen revision, stages against it, and only offers "Save as draft"', async () => {
    const cachedAt = '2026-01-02T03:04:05.000Z';
    const host = new FakeHost({
      agent: {
        'config.get': () => {
          throw new RpcError('NOT_FOUND', 'sw-1 is not connected: connect to it first', { path: 'serverId', serverId: 's1', reason: 'not-connected' });
        },
      },
      'servers.cachedConfig': () => ({ snapshot: snapshot(7), cachedAt }),
    });
    renderParamsPage(host);
    const banner = await screen.findByRole('status');
    expect(banner.textContent).toMatch(/^Offline — showing revision 7 as last seen at .+; changes can only be saved as a draft\.$/);
    const input = await editorOf(NAME);
    fireEvent.change(input, { target: { value: String(NEW) } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await screen.findByText('1 staged change');
    const apply = screen.getByRole('button', { name: 'Apply now…' });
    expect(apply.hasAttribute('disabled') || apply.getAttribute('aria-disabled') === 'true').toBe(true);
    expect(screen.getByText('Apply needs a connection to sw-1')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Save as draft' }).getAttribute('aria-disabled')).not.toBe('true');
    expect(host.calls.filter((c) => c.method === 'servers.cachedConfig')).toEqual([{ method: 'servers.cachedConfig', params: { id: 's1' } }]);
  });
});

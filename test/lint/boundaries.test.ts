// Proves the layer rules of DESIGN §2 are enforced by lint: forbidden imports fail, allowed ones pass.
import { describe, it, expect } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: root });

async function ruleIds(fileInRepo: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, fileInRepo) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('layer boundaries', () => {
  it('shared/ may not import Node built-ins', async () => {
    expect(await ruleIds('shared/catalog/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('shared/catalog/probe.ts', "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n")).toContain('no-restricted-imports');
  });

  it('shared/ may not use process or the DOM', async () => {
    expect(await ruleIds('shared/catalog/probe.ts', 'export const x = process.env;\n')).toContain('no-restricted-globals');
    expect(await ruleIds('shared/catalog/probe.ts', 'export const x = document.title;\n')).toContain('no-restricted-globals');
  });

  it('shared/ may not import the renderer', async () => {
    expect(await ruleIds('shared/catalog/probe.ts', "import { App } from '../../renderer/src/App';\nexport const x = App;\n")).toContain('import-x/no-restricted-paths');
  });

  it('renderer/ may import only shared/', async () => {
    expect(await ruleIds('renderer/src/probe.ts', "import { CATALOG } from '@shared/catalog';\nexport const x = CATALOG;\n")).toEqual([]);
    expect(await ruleIds('renderer/src/probe.ts', "import R from '../../scripts/summaryReporter';\nexport const x = R;\n")).toContain('import-x/no-restricted-paths');
    expect(await ruleIds('renderer/src/probe.ts', "import { spawn } from 'node:child_process';\nexport const x = spawn;\n")).toContain('no-restricted-imports');
  });

  it('switch-agent/ may not import the renderer or electron/', async () => {
    expect(await ruleIds('switch-agent/src/probe.ts', "import { App } from '../../renderer/src/App';\nexport const x = App;\n")).toContain('import-x/no-restricted-paths');
  });

  it('electron/core may not import the electron package or the renderer', async () => {
    expect(await ruleIds('electron/core/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('electron/core/probe.ts', "import { App } from '../../renderer/src/App';\nexport const x = App;\n")).toContain('import-x/no-restricted-paths');
  });

  it('test doubles live under test/: production code may not import them, tests beside the code may', async () => {
    const doubles = "import { ManualClock } from '../../../test/doubles/agent/store';\nexport const x = ManualClock;\n";
    expect(await ruleIds('switch-agent/src/store/probe.ts', doubles)).toContain('import-x/no-restricted-paths');
    expect(await ruleIds('switch-agent/src/store/probe.test.ts', doubles)).toEqual([]);
    // Only the doubles and fixtures: a test beside the code may not reach into the integration suites.
    expect(await ruleIds('switch-agent/src/store/probe.test.ts', "import { startTestAgent } from '../../../test/integration/agent/agentHarness';\nexport const x = startTestAgent;\n")).toContain('import-x/no-restricted-paths');
    // And the other layer rules still hold for tests.
    expect(await ruleIds('switch-agent/src/store/probe.test.ts', "import { App } from '../../../renderer/src/App';\nexport const x = App;\n")).toContain('import-x/no-restricted-paths');
  });
});

// Bundled CommonJS dependencies (ssh2) expect require, __filename and __dirname; an ES module
// bundle has none of them, so each ESM bundle the scripts write starts with this line.
export const ESM_BANNER = [
  "import { createRequire as __cr } from 'node:module';",
  "import { fileURLToPath as __fu } from 'node:url';",
  "import { dirname as __dn } from 'node:path';",
  'const require = __cr(import.meta.url);',
  'const __filename = __fu(import.meta.url);',
  'const __dirname = __dn(__filename);',
].join(' ');

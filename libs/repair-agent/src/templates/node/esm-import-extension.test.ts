import { describe, expect, it } from 'vitest';
import { nodeEsmImportExtension } from './esm-import-extension.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

// Node's loader error, as printed: no project frame, then the error's own fields.
const notFound = (missing: string, importer: string) =>
  `Error [ERR_MODULE_NOT_FOUND]: Cannot find module '/app/${missing}' imported from /app/${importer}\n` +
  '    at finalizeResolution (node:internal/modules/esm/resolve:283:11)\n' +
  '    at moduleResolve (node:internal/modules/esm/resolve:952:10)\n' +
  '    at defaultResolve (node:internal/modules/esm/resolve:1188:11)\n' +
  '    at ModuleLoader.import (node:internal/modules/esm/loader:605:34)\n' +
  '    at importModuleDynamicallyCallback (node:internal/modules/esm/utils:260:12) {\n' +
  "  code: 'ERR_MODULE_NOT_FOUND',\n" +
  `  url: 'file:///app/${missing}'\n}\n`;
const loader = (specifier: string) =>
  'export async function renderInvoice(id: number) {\n' +
  `  const { render } = await import('${specifier}');\n  return render(id);\n}\n`;
const failing = (files: Record<string, string>, log: string) =>
  allCandidates(
    nodeEsmImportExtension,
    templateContext(files, { kind: 'runtime_error', endpoint: 'GET /invoices/{id}/pdf', log }).context,
    Object.keys(files),
  );

describe('node.esm-import-extension', () => {
  it('adds .js to a dynamic import of a TypeScript source, from the loader error alone', async () => {
    const files = {
      'src/services/invoices.ts': loader('../render/invoicePdf'),
      'src/render/invoicePdf.ts': 'export const render = (id: number) => `#${id}`;\n',
    };
    const log = notFound('dist/render/invoicePdf', 'dist/services/invoices.js');
    const found = await failing(files, log);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.esm-import-extension@src/services/invoices.ts:2']);
    expect(found[0]!.files['src/services/invoices.ts']).toBe(loader('../render/invoicePdf.js'));
  });

  it('adds .mjs to a static import of a JavaScript module in the same folder', async () => {
    const app = "import { buildRoutes } from './routes';\nimport express from 'express';\n";
    const files = { 'server.mjs': app, 'routes.mjs': 'export const buildRoutes = () => [];\n' };
    const found = await failing(files, notFound('routes', 'server.mjs'));
    expect(found[0]!.files['server.mjs']).toBe(app.replace("'./routes'", "'./routes.mjs'"));
  });

  it('leaves a path with an extension, a specifier that resolves elsewhere, and no source of that name', async () => {
    const files = {
      'src/services/invoices.ts': loader('../render/invoicePdf'),
      'src/render/invoicePdf.ts': 'export const render = (id: number) => `#${id}`;\n',
    };
    expect(await failing(files, notFound('dist/render/invoicePdf.js', 'dist/services/invoices.js'))).toEqual([]);
    expect(await failing(files, notFound('dist/pdf/invoicePdf', 'dist/services/invoices.js'))).toEqual([]);
    const absent = { 'src/services/invoices.ts': loader('../render/invoicePdf') };
    expect(await failing(absent, notFound('dist/render/invoicePdf', 'dist/services/invoices.js'))).toEqual([]);
  });
});

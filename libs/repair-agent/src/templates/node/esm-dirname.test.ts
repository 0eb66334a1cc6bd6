import { describe, expect, it } from 'vitest';
import { nodeEsmDirname } from './esm-dirname.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// Node 20's message and frame for __dirname in an ES module (captured from a run).
const undefinedName = (name: string, frame: string) => nodeLog(`ReferenceError: ${name} is not defined`, [frame]);
const run = (files: Record<string, string>, file: string, name: string, line: number) =>
  allCandidates(
    nodeEsmDirname,
    templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'GET /docs/{id}',
      log: undefinedName(name, `file:///app/${file}:${line}:45`),
    }).context,
    [file],
  );

describe('node.esm-dirname', () => {
  it('defines __dirname after the imports of an ES module, importing fileURLToPath from node:url', async () => {
    const routes =
      "import { Router } from 'express';\nimport { readFileSync } from 'node:fs';\n" +
      "import path from 'node:path';\n\nconst router = Router();\nrouter.get('/:id', (req, res) => {\n" +
      "  res.type('text').send(readFileSync(path.join(__dirname, '..', 'docs', 'terms.txt'), 'utf8'));\n" +
      '});\nexport default router;\n';
    const found = await run({ 'src/routes/docs.js': routes }, 'src/routes/docs.js', '__dirname', 7);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.esm-dirname']);
    expect(found[0]!.files['src/routes/docs.js']).toBe(
      routes.replace(
        "import path from 'node:path';\n",
        "import path from 'node:path';\nimport { fileURLToPath } from 'node:url';\n\n" +
          "// An ES module has no __dirname: this module's own, from its URL.\n" +
          "const __dirname = fileURLToPath(new URL('.', import.meta.url));\n",
      ),
    );
  });

  it(`defines __filename with the fileURLToPath the module already imports under another name (.mjs, no \
semicolons)`, async () => {
    const lib =
      "import { fileURLToPath as toPath } from 'url'\nimport { stat } from 'fs/promises'\n\n" +
      'export async function selfSize() {\n  return (await stat(__filename)).size\n}\n';
    const found = await run({ 'lib/size.mjs': lib }, 'lib/size.mjs', '__filename', 5);
    expect(found[0]!.files['lib/size.mjs']).toBe(
      lib.replace(
        "import { stat } from 'fs/promises'\n",
        "import { stat } from 'fs/promises'\n\n" +
          "// An ES module has no __filename: this module's own, from its URL.\n" +
          'const __filename = toPath(import.meta.url)\n',
      ),
    );
  });

  it('leaves a CommonJS file (also .cts) and another undefined name', async () => {
    const cjs = "const path = require('path');\nmodule.exports = () => path.join(__dirname, 'x');\n";
    expect(await run({ 'src/a.js': cjs }, 'src/a.js', '__dirname', 2)).toEqual([]);
    const esm = "import path from 'node:path';\nexport const where = () => path.join(__dirnam, 'x');\n";
    expect(await run({ 'src/b.js': esm }, 'src/b.js', '__dirnam', 2)).toEqual([]);
    const cts = "import path = require('node:path');\nexport const where = (): string => path.join(__dirname, 'x');\n";
    expect(await run({ 'src/c.cts': cts }, 'src/c.cts', '__dirname', 2)).toEqual([]);
  });

  it('defines __dirname in TypeScript source that was emitted as an ES module (the error shows it)', async () => {
    const ts =
      "import { readFile } from 'node:fs/promises';\nimport path from 'node:path';\n\n" +
      'export async function load(): Promise<string> {\n' +
      "  return readFile(path.join(__dirname, '../../data/q.json'), 'utf8');\n}\n";
    const found = await run({ 'src/services/q.ts': ts }, 'src/services/q.ts', '__dirname', 5);
    expect(found[0]!.files['src/services/q.ts']).toBe(
      ts.replace(
        "import path from 'node:path';\n",
        "import path from 'node:path';\nimport { fileURLToPath } from 'node:url';\n\n" +
          "// An ES module has no __dirname: this module's own, from its URL.\n" +
          "const __dirname = fileURLToPath(new URL('.', import.meta.url));\n",
      ),
    );
  });
});

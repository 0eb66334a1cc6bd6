import { addJsImport } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { culpritModule } from '../../recipes/node/scope.js';
import type { RepairTemplate } from '../template.js';

const ID = 'node.esm-dirname';

/**
 * `ReferenceError: __dirname is not defined` (or `__filename`) in an ES module, which has neither
 * CommonJS global → the module's own, derived from `import.meta.url` after its imports
 * (`const __dirname = fileURLToPath(new URL('.', import.meta.url));`, `fileURLToPath` imported
 * from `node:url` unless the module already imports it). Only an ES module (`import`/`export`,
 * `.mjs`, or `"type": "module"`) that declares no such name; a CommonJS file (`.cjs`, `.cts`,
 * `require`) gets no candidate. TypeScript source counts too: the error itself shows the compiler
 * emitted an ES module (compiled to CommonJS it would have both names), and the rebuild checks
 * that `import.meta` compiles.
 */
export const nodeEsmDirname: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'define __dirname / __filename of an ES module from import.meta.url',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['ReferenceError'], culprit: true },
  async *candidates({ exception, culprit, tree, node: given }) {
    const name = /^(__dirname|__filename) is not defined/.exec(exception?.message ?? '')?.[1];
    if (!culprit || !name || !/\.(?:m?js|m?tsx?)$/.test(culprit.file)) return;
    const module = await culpritModule(given ?? nodeProjectFor(tree), culprit.file);
    const original = await tree.read(culprit.file);
    if (!module || original === null || module.style !== 'esm' || module.defs.some((d) => d.name === name)) return;
    const url = module.imports
      .find((i) => /^(node:)?url$/.test(i.source))
      ?.names.find((n) => n.imported === 'fileURLToPath')?.local;
    const source = url ? original : addJsImport(original, module, 'node:url', 'fileURLToPath', false);
    const helper = url ?? 'fileURLToPath';
    const value = name === '__dirname' ? `${helper}(new URL('.', import.meta.url))` : `${helper}(import.meta.url)`;
    const semicolon = /;\s*$/m.test(source) ? ';' : '';
    // After the imports (the one added, if any, sits at or before their end).
    const added = source.length - original.length;
    const importsEnd = module.importsEnd > 0 ? module.importsEnd + added : lineEnd(source, source.indexOf('node:url'));
    const line =
      `\n\n// An ES module has no ${name}: this module's own, from its URL.\n` + `const ${name} = ${value}${semicolon}`;
    await tree.write(culprit.file, source.slice(0, importsEnd) + line + source.slice(importsEnd));
    yield {
      key: ID,
      summary: `define ${name} from import.meta.url in ${culprit.file}`,
      template: { recipe: ID, name },
    };
  },
};

function lineEnd(source: string, offset: number): number {
  const end = source.indexOf('\n', offset);
  return end < 0 ? source.length : end;
}

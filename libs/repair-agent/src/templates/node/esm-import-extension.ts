import { posix } from 'node:path';
import { replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';

const ID = 'node.esm-import-extension';
// Node's ESM loader: `Cannot find module '/abs/dist/x/y' imported from /abs/dist/z.js` (the importer may be a URL).
const NOT_FOUND = /Cannot find module '([^']+)' imported from (\S+)/;
// The extension Node loads for a project source of each extension (TypeScript compiles .ts to .js).
const LOADED_AS: Record<string, string> = {
  '.ts': '.js',
  '.tsx': '.js',
  '.js': '.js',
  '.jsx': '.js',
  '.mts': '.mjs',
  '.mjs': '.mjs',
  '.cts': '.cjs',
  '.cjs': '.cjs',
};
// Nodes whose `source` is a module specifier: dynamic and static imports, re-exports.
const IMPORTING = new Set(['ImportExpression', 'ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration']);

/**
 * `Error [ERR_MODULE_NOT_FOUND]: Cannot find module '/app/dist/reports/summary' imported from
 * /app/dist/services/report.js`: an ES module imports a project file without its extension
 * (`await import('../reports/summary')`, `import { x } from './x'`). A bundler-style resolution
 * lets the compiler accept it, but Node's ESM loader takes the specifier as it is. The trace may
 * hold no project frame (the loader throws), so the evidence is the message: the missing path is
 * exactly the importer's directory joined with the specifier, and the project holds a source of
 * that name with a JavaScript or TypeScript extension. The fix appends the extension that source
 * is loaded with (`.js` for `.ts`). A missing path with an extension, a package, or no source
 * file of that name: no candidate.
 */
export const nodeEsmImportExtension: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "give an ES module's extensionless relative import the extension its compiled file has",
  evidence: { kinds: ['runtime_error', 'crash'] },
  async *candidates({ exception, cause, tree }) {
    const match = NOT_FOUND.exec(exception?.message ?? cause.trace?.exception.message ?? '');
    if (!match) return;
    const missing = match[1]!.replace(/^file:\/\//, '');
    const importer = match[2]!.replace(/^file:\/\//, '');
    if (posix.extname(missing) !== '') return;
    const files = await projectSourceFiles(tree);
    const stem = (f: string) => f.slice(0, f.length - posix.extname(f).length);
    for (const file of files) {
      // The importer as compiled: same name (its extension aside) as this source.
      if (posix.basename(stem(file)) !== posix.basename(stem(importer))) continue;
      const source = await tree.read(file);
      const program = source === null ? null : parseFile(file, source);
      if (!program || source === null) continue;
      for (const { node } of walk(program)) {
        const literal = IMPORTING.has(node.type) ? (node['source'] as EsNode | null) : null;
        const specifier = literal?.type === 'Literal' ? literal['value'] : null;
        if (typeof specifier !== 'string' || !specifier.startsWith('.') || posix.extname(specifier) !== '') continue;
        if (posix.normalize(posix.join(posix.dirname(importer), specifier)) !== posix.normalize(missing)) continue;
        const target = posix.normalize(posix.join(posix.dirname(file), specifier));
        const compiled = files.filter((f) => stem(f) === target).map((f) => LOADED_AS[posix.extname(f)]);
        const extension = compiled[0];
        if (!extension || compiled.some((e) => e !== extension)) continue;
        const [, end] = spanOf(literal!);
        await tree.write(file, replaceRange(source, end - 1, end - 1, extension));
        const line = linesOf(literal!)[0];
        yield {
          key: siteKey(ID, file, line),
          summary: `import '${specifier}${extension}': Node's ES module loader needs the extension (${file}:${line})`,
          template: { recipe: ID, extension },
        };
      }
    }
  },
};

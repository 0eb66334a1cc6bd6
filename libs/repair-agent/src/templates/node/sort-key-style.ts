import { replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { declaredTypeKeys, TS_FILE } from '../../node/ts-ast.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { bare, literalOrigins, type LiteralOrigin } from './literal-origins.js';
import { propertyName } from './object-keys.js';
import { projectShapes } from './project-shapes.js';
import { caseless } from './key-case.js';

const ID = 'node.sort-key-style';
// Data files, not manifests or configuration (a contract's field names are the API's, not the records').
const DATA_JSON = /\.json$/;
const NOT_DATA_JSON = new RegExp(
  String.raw`(^|\/)(node_modules|dist|build|coverage)\/|` +
    String.raw`(^|\/)(package(-lock)?|tsconfig[^/]*|jsconfig|openapi[^/]*|swagger[^/]*|` +
    String.raw`[^/]*config[^/]*|\.[^/]*)\.json$`,
);

/**
 * Records read by a key the code passes down as a string in the other case style than the one the
 * records have (`sortBy: 'created_at'` handed to a repository that sorts with
 * `(a, b) => a[sortBy].localeCompare(b[sortBy])` over records written with `createdAt`), failing
 * where the undefined is used: `Cannot read properties of undefined (reading 'localeCompare')`. The
 * evidence: the failing read is on a computed member `x[key]`, `key` comes (through locals,
 * parameters and the callers' arguments or option objects) from a string literal the code states,
 * that literal names no key the project knows (its interfaces, classes, object literals and JSON
 * data), and exactly one known key is its other-style spelling (snake_case ↔ camelCase). Fix: that
 * literal, at its origin, spelled as the known key. Never for a literal that is a known key, nor for
 * a key that comes from the request or a computation.
 */
export const nodeSortKeyStyle: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'spell a key passed down as a string the way the records have it (camelCase vs snake_case)',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    const prop = /^Cannot read properties of undefined \(reading '([^']+)'\)/.exec(exception?.message ?? '')?.[1];
    const source = culprit && prop ? await tree.read(culprit.file) : null;
    const program = culprit && source !== null ? parseFile(culprit.file, source) : null;
    if (!culprit || !prop || !program) return;
    const read = computedRead(program, prop, culprit.line);
    if (!read) return;
    const origins = await literalOrigins(tree, culprit.file, read.key, read.ancestors);
    if (origins.length === 0) return;
    const known = await knownKeys(tree);
    const renames: { origin: LiteralOrigin; to: string }[] = [];
    for (const origin of origins) {
      const value = origin.node['value'] as string;
      const twins = known.has(value) ? [] : [...known].filter((k) => k !== value && caseless(k) === caseless(value));
      if (twins.length === 1) renames.push({ origin, to: twins[0]! });
    }
    if (renames.length === 0) return;
    const files = [...new Set(renames.map((r) => r.origin.file))];
    for (const file of files) {
      let patched = (await tree.read(file))!;
      const here = renames.filter((r) => r.origin.file === file);
      for (const { origin, to } of here.sort((a, b) => spanOf(b.origin.node)[0] - spanOf(a.origin.node)[0])) {
        const [start, end] = spanOf(origin.node);
        patched = replaceRange(patched, start + 1, end - 1, to);
      }
      await tree.write(file, patched);
    }
    const first = renames[0]!;
    yield {
      key: ID,
      summary:
        `pass '${first.to}' instead of '${first.origin.node['value'] as string}' ` +
        `(${first.origin.file}:${linesOf(first.origin.node)[0]}), the key the records have`,
      template: { recipe: ID, from: first.origin.node['value'] as string, to: first.to },
    };
  },
};

// The key expression of `x[key]` whose value the failing `.prop` read is made on, on the line.
function computedRead(
  program: EsNode,
  prop: string,
  line: number,
): { key: EsNode; ancestors: readonly EsNode[] } | undefined {
  for (const { node, ancestors } of walk(program)) {
    const [first, last] = linesOf(node);
    if (node.type !== 'MemberExpression' || propertyName(node) !== prop || first > line || line > last) continue;
    const object = bare(node['object'] as EsNode);
    if (object.type !== 'MemberExpression' || !object['computed']) continue;
    const key = object['property'] as EsNode;
    if (key.type === 'Literal' && typeof key['value'] === 'number') continue;
    return { key, ancestors: [...ancestors, node, object] };
  }
  return undefined;
}

// Every key the project's code declares (see project-shapes.ts), its TypeScript types declare (which
// the ESTree of a TypeScript file leaves out), or its JSON data holds.
async function knownKeys(tree: SourceTree): Promise<Set<string>> {
  const keys = new Set((await projectShapes(tree)).flat());
  for (const file of (await projectSourceFiles(tree)).filter((f) => TS_FILE.test(f))) {
    const source = await tree.read(file);
    if (source !== null) for (const key of declaredTypeKeys(source, file)) keys.add(key);
  }
  for (const file of (await tree.list()).filter((f) => DATA_JSON.test(f) && !NOT_DATA_JSON.test(f))) {
    try {
      jsonKeys(JSON.parse((await tree.read(file)) ?? 'null'), keys);
    } catch {
      // A file that does not parse says nothing about the records' keys.
    }
  }
  return keys;
}

function jsonKeys(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) jsonKeys(item, into);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      jsonKeys(v, into);
    }
}

import { nodeProjectFor } from '../../node/node-project.js';
import { culpritModule } from '../../recipes/node/scope.js';
import type { RepairTemplate } from '../template.js';

const ID = 'node.missing-group-by';
const MISSING = /^(Object|Map)\.groupBy is not a function/;

const HELPERS = {
  Object: {
    name: 'groupBy',
    ts:
      'function groupBy<T, K extends PropertyKey>(items: Iterable<T>, keyOf: (item: T, index: number) => K): ' +
      'Partial<Record<K, T[]>> {\n  const groups = Object.create(null) as Partial<Record<K, T[]>>;\n' +
      '  let index = 0;\n' +
      '  for (const item of items) (groups[keyOf(item, index++)] ??= []).push(item);\n  return groups;\n}',
    js:
      'function groupBy(items, keyOf) {\n  const groups = Object.create(null);\n  let index = 0;\n' +
      '  for (const item of items) (groups[keyOf(item, index++)] ??= []).push(item);\n  return groups;\n}',
  },
  Map: {
    name: 'groupByToMap',
    ts:
      'function groupByToMap<T, K>(items: Iterable<T>, keyOf: (item: T, index: number) => K): Map<K, T[]> {\n' +
      '  const groups = new Map<K, T[]>();\n  let index = 0;\n  for (const item of items) {\n' +
      '    const key = keyOf(item, index++);\n    const group = groups.get(key);\n' +
      '    if (group) group.push(item);\n    else groups.set(key, [item]);\n  }\n  return groups;\n}',
    js:
      'function groupByToMap(items, keyOf) {\n  const groups = new Map();\n  let index = 0;\n' +
      '  for (const item of items) {\n    const key = keyOf(item, index++);\n    const group = groups.get(key);\n' +
      '    if (group) group.push(item);\n    else groups.set(key, [item]);\n  }\n  return groups;\n}',
  },
} as const;

/**
 * `TypeError: Object.groupBy is not a function` (or `Map.groupBy`): the code calls a built-in newer
 * than the Node it runs on (both arrived in Node 21; TypeScript's `lib` setting may well allow
 * them) → the same grouping as a function of the module (`groupBy(items, keyOf)`, typed in
 * TypeScript; a null-prototype object, as the built-in's), appended to it, and the module's calls
 * go to it. Only when the helper's name appears nowhere in the module (a parameter, a local, an
 * import of that name).
 */
export const nodeMissingGroupBy: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'group with a module function where the runtime has no Object.groupBy / Map.groupBy',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, node: given }) {
    const owner = MISSING.exec(exception?.message ?? '')?.[1] as keyof typeof HELPERS | undefined;
    if (!culprit || !owner) return;
    const module = await culpritModule(given ?? nodeProjectFor(tree), culprit.file);
    const source = await tree.read(culprit.file);
    const helper = HELPERS[owner];
    // The helper's name bound anywhere in the module (a parameter, a local, an import): no candidate.
    if (!module || source === null || new RegExp(`(?<![\\w$.])${helper.name}(?![\\w$])`).test(source)) return;
    const calls = new RegExp(`\\b${owner}\\.groupBy\\(`, 'g');
    if (!calls.test(source)) return;
    const typed = /\.[mc]?tsx?$/.test(culprit.file);
    const note = `// ${owner}.groupBy arrived in Node 21: the same grouping for the Node this app runs on.`;
    const body = source.replace(calls, `${helper.name}(`).replace(/\s*$/, '');
    await tree.write(culprit.file, `${body}\n\n${note}\n${typed ? helper.ts : helper.js}\n`);
    yield {
      key: ID,
      summary: `group with ${helper.name}() in ${culprit.file}: the runtime has no ${owner}.groupBy`,
      template: { recipe: ID, owner },
    };
  },
};

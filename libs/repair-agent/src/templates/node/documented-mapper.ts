import { nodeProjectFor } from '../../node/node-project.js';
import { resolveFunction } from '../../node/resolve-function.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { TemplateContext } from '../template.js';
import { keyName, parseFile, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';

/**
 * The project function `file` can call that maps a record to the object the contract documents
 * for `property` of the operation's 2xx answer (`toDockDto`, whose one returned literal has
 * exactly the keys the answer's `dock` schema lists), or null when none or several do. Handing a
 * stored record through it drops the members the contract does not document (an internal index
 * such as `dock.bookings`), which is what the project's own answers for that record do.
 */
export async function documentedMapper(
  tree: SourceTree,
  file: string,
  program: EsNode,
  operation: TemplateContext['operation'],
  property: string,
): Promise<string | null> {
  const answers = (operation?.responses ?? []).filter((r) => /^2/.test(r.status)).map((r) => r.schema);
  const documented = answers.map((s) => keysOf(propertiesOf(s)[property])).find((k) => k.length > 0);
  if (!documented) return null;
  const project = nodeProjectFor(tree);
  const found: string[] = [];
  for (const name of callableNames(program)) {
    const target = await resolveFunction(project, file, name);
    if (!target || target.fn.params.length !== 1) continue;
    const source = await tree.read(target.file);
    const parsed = source === null ? null : parseFile(target.file, source);
    const fn = parsed ? named(parsed, target.fn.name) : null;
    const keys = fn ? returnedKeys(fn) : null;
    if (keys && keys.length === documented.length && documented.every((k) => keys.includes(k))) found.push(name);
  }
  return found.length === 1 ? found[0]! : null;
}

// The properties a schema documents, its allOf parts merged.
function propertiesOf(schema: unknown, depth = 0): Record<string, unknown> {
  if (!schema || typeof schema !== 'object' || depth > 4) return {};
  const s = schema as Record<string, unknown>;
  const parts = ((s['allOf'] as unknown[]) ?? []).map((p) => propertiesOf(p, depth + 1));
  return Object.assign({}, ...parts, (s['properties'] as Record<string, unknown>) ?? {});
}

function keysOf(schema: unknown): string[] {
  return Object.keys(propertiesOf(schema));
}

// Names of the file's imports and top-level functions: what it may call.
function callableNames(program: EsNode): string[] {
  const names = new Set<string>();
  for (const statement of program['body'] as EsNode[]) {
    if (statement.type === 'ImportDeclaration')
      for (const s of statement['specifiers'] as EsNode[]) names.add((s['local'] as EsNode)['name'] as string);
    const declaration = statement.type === 'ExportNamedDeclaration' ? (statement['declaration'] as EsNode) : statement;
    if (declaration?.type === 'FunctionDeclaration') names.add((declaration['id'] as EsNode)['name'] as string);
  }
  return [...names];
}

// The keys of the one object literal a function returns (an arrow's body, or its only `return`).
function returnedKeys(fn: EsNode): string[] | null {
  const body = fn['body'] as EsNode;
  let literal: EsNode | null = body.type === 'ObjectExpression' ? body : null;
  if (body.type === 'BlockStatement') {
    const returns = [...walk(body)].filter(
      ({ node, ancestors }) => node.type === 'ReturnStatement' && !ancestors.some(isFunction),
    );
    const argument = returns.length === 1 ? (returns[0]!.node['argument'] as EsNode | null) : null;
    literal = argument?.type === 'ObjectExpression' ? argument : null;
  }
  if (!literal) return null;
  const properties = literal['properties'] as EsNode[];
  if (properties.some((p) => p.type !== 'Property' || p['computed'])) return null;
  return properties.map((p) => keyName(p['key'] as EsNode)).filter((k): k is string => k !== null);
}

// The function declared under `name` (`function name(…)`, `const name = (…) => …`).
function named(program: EsNode, name: string): EsNode | null {
  for (const { node } of walk(program)) {
    if (node.type === 'FunctionDeclaration' && (node['id'] as EsNode | null)?.['name'] === name) return node;
    const id = node.type === 'VariableDeclarator' ? (node['id'] as EsNode) : null;
    const init = node['init'] as EsNode | undefined;
    if (id?.type === 'Identifier' && id['name'] === name && init && isFunction(init)) return init;
  }
  return null;
}

import type { NodeProject } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { parseFile, walk, type EsNode } from '../../templates/node/estree.js';

/**
 * The members of the collaborator a class keeps on `this` (`this.makers`), followed through the
 * constructor that stores a parameter there (`constructor(makers) { this.makers = makers; }`) to
 * the argument the file builds the instance with (`new MakerService(makerRepository, …)`) and
 * what that argument is bound to (a required module's instance, class or object).
 *
 * Only when the file does all of this itself, with one `new` of the class: a collaborator passed
 * in from elsewhere is not known, and the caller falls back to what every class declares.
 */
export async function injectedMembers(
  node: NodeProject,
  tree: SourceTree,
  file: string,
  className: string,
  property: string,
): Promise<readonly string[] | undefined> {
  const source = await tree.read(file);
  const program = source === null ? null : parseFile(file, source);
  if (!program) return undefined;
  const nodes = [...walk(program)].map(({ node: n }) => n);
  const cls = nodes.find((n) => /^Class(Declaration|Expression)$/.test(n.type) && nameOf(n['id']) === className);
  const ctor = cls ? [...walk(cls)].map(({ node: n }) => n).find(isConstructor) : undefined;
  const fn = ctor?.['value'] as EsNode | undefined;
  const params = ((fn?.['params'] as EsNode[] | undefined) ?? []).map(paramName);
  const stored = fn ? storedParam(fn, property) : undefined;
  const index = stored === undefined ? -1 : params.indexOf(stored);
  const built = nodes.filter((n) => n.type === 'NewExpression' && nameOf(n['callee']) === className);
  if (index < 0 || built.length !== 1) return undefined;
  const arg = nameOf((built[0]!['arguments'] as EsNode[])[index]);
  return arg ? (await node.bindingTarget(file, arg))?.members : undefined;
}

function isConstructor(n: EsNode): boolean {
  return n.type === 'MethodDefinition' && n['kind'] === 'constructor';
}

// `this.makers = makers` in the constructor's body: the parameter kept under that name.
function storedParam(fn: EsNode, property: string): string | undefined {
  for (const { node: n } of walk(fn)) {
    if (n.type !== 'AssignmentExpression' || n['operator'] !== '=') continue;
    const left = n['left'] as EsNode;
    if (left.type !== 'MemberExpression' || (left['object'] as EsNode).type !== 'ThisExpression') continue;
    if (nameOf(left['property']) === property) return nameOf(n['right']);
  }
  return undefined;
}

// `makers`, or `makers = defaultRepo`: the parameter's own name.
function paramName(p: EsNode): string | undefined {
  return p.type === 'AssignmentPattern' ? nameOf(p['left']) : nameOf(p);
}

function nameOf(n: unknown): string | undefined {
  const node = n as EsNode | null | undefined;
  return node?.type === 'Identifier' ? (node['name'] as string) : undefined;
}

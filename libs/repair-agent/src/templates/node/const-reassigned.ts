import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';

const ID = 'node.const-reassigned';

/**
 * `TypeError: Assignment to constant variable.` on a line that assigns a name (`total += line`,
 * `count++`, `best = x`), the nearest declaration of that name in scope being a one-name
 * `const` statement of a block (`const totalPence = 0;` before a loop adding to it) → `let`:
 * the code plainly means the name to change, and `let` is the one edit that keeps every value it
 * computes. A name the nearest scope declares otherwise (a parameter, a `let`, an import, a
 * function, a loop's `for (const x of …)` head, a destructuring) gets no candidate: the assignment
 * there may be the mistake, and nothing says which.
 */
export const nodeConstReassigned: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'declare with let a name the code assigns again (Assignment to constant variable)',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    if (!culprit || !/^Assignment to constant variable/.test(exception?.message ?? '')) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    const declarations = new Set<EsNode>();
    for (const { node, ancestors } of walk(program)) {
      const target =
        node.type === 'AssignmentExpression'
          ? (node['left'] as EsNode)
          : node.type === 'UpdateExpression'
            ? (node['argument'] as EsNode)
            : null;
      if (target?.type !== 'Identifier' || linesOf(node)[0] !== culprit.line) continue;
      const declaration = nearestDeclaration(target['name'] as string, ancestors);
      if (!declaration) return;
      declarations.add(declaration);
    }
    // Two names (or none) assigned on the line: the message does not say which one is constant.
    if (declarations.size !== 1) return;
    const [declaration] = [...declarations] as [EsNode];
    const [start] = spanOf(declaration);
    if (source.slice(start, start + 5) !== 'const') return;
    await tree.write(culprit.file, replaceRange(source, start, start + 5, 'let'));
    const name = ((declaration['declarations'] as EsNode[])[0]!['id'] as EsNode)['name'] as string;
    yield {
      key: ID,
      summary:
        `declare ${name} with let: line ${culprit.line} assigns it again ` +
        `(${culprit.file}:${linesOf(declaration)[0]})`,
      template: { recipe: ID },
    };
  },
};

// The `const name = …;` statement the name resolves to, walking the scopes out from the
// assignment; null when the nearest binding of the name is anything else.
function nearestDeclaration(name: string, ancestors: readonly EsNode[]): EsNode | null {
  for (const scope of [...ancestors].reverse()) {
    if (isFunction(scope)) {
      const params = scope['params'] as EsNode[];
      if (params.some((p) => [...walk(p)].some(({ node }) => node.type === 'Identifier' && node['name'] === name)))
        return null;
      const id = scope['id'] as EsNode | null | undefined;
      if (id?.['name'] === name) return null;
    }
    if (/^For(In|Of)?Statement$/.test(scope.type)) {
      const head = (scope['init'] ?? scope['left']) as EsNode | null;
      if (head && declares(head, name)) return null;
    }
    if (scope.type !== 'BlockStatement' && scope.type !== 'Program') continue;
    for (const statement of scope['body'] as EsNode[]) {
      const declaration =
        statement.type === 'ExportNamedDeclaration' ? (statement['declaration'] as EsNode) : statement;
      if (!declaration || !declares(declaration, name)) continue;
      const declarators = declaration['declarations'] as EsNode[] | undefined;
      const simple =
        declaration.type === 'VariableDeclaration' &&
        declaration['kind'] === 'const' &&
        declarators?.length === 1 &&
        (declarators[0]!['id'] as EsNode).type === 'Identifier';
      return simple ? declaration : null;
    }
  }
  return null;
}

// Whether a statement binds the name: a variable (any pattern), a function or class, an import.
function declares(statement: EsNode, name: string): boolean {
  if (statement.type === 'VariableDeclaration')
    return (statement['declarations'] as EsNode[]).some((d) =>
      [...walk(d['id'] as EsNode)].some(({ node }) => node.type === 'Identifier' && node['name'] === name),
    );
  if (statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration')
    return (statement['id'] as EsNode | null)?.['name'] === name;
  if (statement.type === 'ImportDeclaration')
    return (statement['specifiers'] as EsNode[]).some((s) => (s['local'] as EsNode)['name'] === name);
  return false;
}

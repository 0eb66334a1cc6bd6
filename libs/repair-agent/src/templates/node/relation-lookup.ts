import { nodeProjectFor } from '../../node/node-project.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import { resolveFunction } from '../../node/resolve-function.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, pathOf, spanOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName } from './object-keys.js';

const ID = 'node.relation-lookup';
const UNDEFINED_READ = /^Cannot read properties of undefined \(reading '([^']+)'\)/;
// The verbs of a project's own getter of one record by id.
const GETTER = /^(?:get|find|fetch|load)/;

/** The project's own lookup of a related record: the call text, and whether it is awaited. */
interface Lookup {
  readonly ref: string;
  readonly awaited: boolean;
}

/**
 * `Cannot read properties of undefined (reading 'name')` on `rake.maker.name`, where the records
 * carry only the related record's id (`makerId`), not the record itself → the related record looked
 * up by that id through the project's own getter: `makerService.getMaker(rake.makerId).name`.
 * Evidence, all required: the failing line reads `x.m.p`; the project elsewhere calls one getter
 * (`get…`/`find…`/`fetch…`/`load…` naming `m`) with some value's `mId` (or `m_id`) as its only
 * argument (`makerService.getMaker(rake.makerId)`); the same reference resolves to the same function
 * from the failing file (a module it already requires or imports, or its own function); the function
 * never writes `x.m`. An awaited getter is awaited here too, only inside an async function. Renaming
 * `x.m` to `x.mId` reads a member of a number; dropping the field loses what the answer documents.
 */
export const nodeRelationLookup: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'look a related record up by its id through the project’s own getter',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, node: given }) {
    const read = UNDEFINED_READ.exec(exception?.message ?? '')?.[1];
    if (!culprit || !read) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    const site = [...walk(program)].find(({ node }) => {
      const object = node.type === 'MemberExpression' && !node['computed'] ? (node['object'] as EsNode) : null;
      return (
        linesOf(node)[0] === culprit.line &&
        propertyName(node) === read &&
        object?.type === 'MemberExpression' &&
        !object['computed'] &&
        (object['object'] as EsNode).type === 'Identifier'
      );
    });
    if (!site) return;
    const relation = site.node['object'] as EsNode;
    const holder = (relation['object'] as EsNode)['name'] as string;
    const member = propertyName(relation)!;
    const fn = [...site.ancestors].reverse().find(isFunction);
    if (!fn || writes(fn, holder, member)) return;
    const project = given ?? nodeProjectFor(tree);
    for (const idKey of [`${member}Id`, `${member}_id`]) {
      const lookup = await projectLookup(tree, project, culprit.file, member, idKey);
      if (!lookup || (lookup.awaited && !fn['async'])) continue;
      const call = `${lookup.ref}(${holder}.${idKey})`;
      const text = lookup.awaited ? `(await ${call})` : call;
      // Every `x.m.…` read in the function: the next one would fail the same way.
      const spans = [...walk(fn)]
        .filter(({ node, ancestors }) => isRead(node, holder, member) && ancestors.at(-1)?.['object'] === node)
        .map(({ node }) => spanOf(node))
        .sort((a, b) => b[0] - a[0]);
      const patched = spans.reduce((t, [start, end]) => replaceRange(t, start, end, text), source);
      await tree.write(culprit.file, patched);
      yield {
        key: ID,
        summary: `look ${holder}.${member} up as ${call} (${culprit.file}:${culprit.line})`,
        template: { recipe: ID, getter: lookup.ref },
      };
      return;
    }
  },
};

// A getter the project calls with a value's `idKey` (`svc.getMaker(r.makerId)`) that resolves to the
// same function from the failing file; the first such, or null.
async function projectLookup(
  tree: SourceTree,
  project: ReturnType<typeof nodeProjectFor>,
  here: string,
  member: string,
  idKey: string,
): Promise<Lookup | null> {
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    const program = source === null || !source.includes(idKey) ? null : parseFile(file, source);
    if (!program) continue;
    for (const { node, ancestors } of walk(program)) {
      const args = node.type === 'CallExpression' ? (node['arguments'] as EsNode[]) : [];
      const arg = args.length === 1 ? args[0]! : null;
      if (arg?.type !== 'MemberExpression' || propertyName(arg) !== idKey) continue;
      const ref = pathOf(node['callee'] as EsNode);
      const name = ref?.split('.').at(-1) ?? '';
      if (!ref || !GETTER.test(name) || !name.toLowerCase().includes(member.toLowerCase())) continue;
      const there = await resolveFunction(project, file, ref);
      const mine = there ? await resolveFunction(project, here, ref) : undefined;
      if (!there || !mine || there.file !== mine.file || there.fn.start !== mine.fn.start) continue;
      return { ref, awaited: ancestors.at(-1)?.type === 'AwaitExpression' };
    }
  }
  return null;
}

function isRead(node: EsNode, holder: string, member: string): boolean {
  return node.type === 'MemberExpression' && !node['computed'] && pathOf(node) === `${holder}.${member}`;
}

// Whether the function assigns `x.m` (then `x.m` is the function's own value, not a missing record).
function writes(fn: EsNode, holder: string, member: string): boolean {
  return [...walk(fn)].some(
    ({ node }) => node.type === 'AssignmentExpression' && isRead(node['left'] as EsNode, holder, member),
  );
}

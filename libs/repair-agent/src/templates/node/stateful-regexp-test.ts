import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor, type NodeProject } from '../../node/node-project.js';
import { resolveFunction } from '../../node/resolve-function.js';
import type { SourceTree } from '../../source/source-tree.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { propertyName } from './object-keys.js';
import { messageSites } from './thrown-message-site.js';
import { refusedViolations } from '../shared/refusals.js';

const ID = 'node.stateful-regexp-test';

/**
 * A valid request refused with a 4xx by a check that calls `.test()` on a module-level RegExp
 * carrying the g flag: such a RegExp keeps `lastIndex` between calls, so a second check of
 * the same value (a schema refine, then the service), or the next request, starts past the match
 * and fails. The answer's message names the guard (thrown-message-site.ts); its condition calls
 * `RE.test(…)` directly or through a project function (`isValidCode(v)` → `CODE.test(v)`). The fix
 * drops the g flag, which `.test()` never needs, so the check still refuses what it refused
 * before. Not a sticky (y) RegExp: it keeps `lastIndex` too, but dropping y would loosen what it
 * matches (`/[A-Z]{3}/y` refuses `abcXYZ`, without y it accepts it). It does not fire when the
 * RegExp is used any other way (`replace`, `match`, `exec`, `lastIndex`: the flag may mean
 * something there), is exported, or is bound more than once.
 */
export const nodeStatefulRegExpTest: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'drop the g flag of a RegExp only used with .test() in the guard that refused a valid request',
  evidence: { kinds: ['status_mismatch'] },
  async *candidates({ cause, tree, node }) {
    const refused = refusedViolations(cause.violations);
    if (refused.length === 0) return;
    const seen = new Set<string>();
    for (const site of await messageSites(tree, refused)) {
      for (const guard of site.ancestors) {
        const test = guardTest(guard, site.ancestors);
        if (!test) continue;
        for (const found of await testedRegExps(node ?? nodeProjectFor(tree), tree, site.file, site.program, test)) {
          const key = `${found.file}:${spanOf(found.literal)[0]}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const [start, end] = spanOf(found.literal);
          const text = found.source.slice(start, end);
          const slash = text.lastIndexOf('/');
          const flags = text.slice(slash + 1).replace('g', '');
          await tree.write(found.file, replaceRange(found.source, start, end, text.slice(0, slash + 1) + flags));
          const line = linesOf(found.literal)[0];
          yield {
            key: siteKey(ID, found.file, line),
            summary:
              `drop the g flag of ${found.name}: .test() on it keeps lastIndex between checks ` +
              `(${found.file}:${line})`,
            template: { recipe: ID },
          };
        }
      }
    }
  },
};

// The condition of a guard the message sits under: an `if` whose branch holds it, a `?:`, `cond && …`.
function guardTest(node: EsNode, ancestors: readonly EsNode[]): EsNode | null {
  if (node.type === 'IfStatement' || node.type === 'ConditionalExpression') {
    const inTest = ancestors.includes(node['test'] as EsNode);
    return inTest ? null : (node['test'] as EsNode);
  }
  if (node.type === 'LogicalExpression') return node['left'] as EsNode;
  return null;
}

interface TestedRegExp {
  readonly file: string;
  readonly source: string;
  readonly name: string;
  readonly literal: EsNode;
}

// The stateful RegExps `.test()` is called on in `expr`, or in a project function it calls (one level).
async function testedRegExps(
  project: NodeProject,
  tree: SourceTree,
  file: string,
  program: EsNode,
  expr: EsNode,
): Promise<TestedRegExp[]> {
  const out: TestedRegExp[] = [];
  const source = await tree.read(file);
  if (source === null) return out;
  out.push(...statefulTests(file, source, program, spanOf(expr)));
  for (const { node } of walk(expr)) {
    const callee = node.type === 'CallExpression' ? (node['callee'] as EsNode) : null;
    const ref =
      callee?.type === 'Identifier'
        ? (callee['name'] as string)
        : callee?.type === 'MemberExpression' && (callee['object'] as EsNode).type === 'Identifier'
          ? `${(callee['object'] as EsNode)['name'] as string}.${propertyName(callee) ?? ''}`
          : null;
    if (!ref || ref.endsWith('.')) continue;
    const target = await resolveFunction(project, file, ref);
    const targetSource = target ? await tree.read(target.file) : null;
    const targetProgram = target && targetSource !== null ? parseFile(target.file, targetSource) : null;
    if (!target || targetSource === null || !targetProgram) continue;
    out.push(...statefulTests(target.file, targetSource, targetProgram, [target.fn.start, target.fn.end]));
  }
  return out;
}

// `NAME.test(…)` within `[start, end)`, NAME the file's one unexported `const NAME = /…/g` used only with `.test()`.
function statefulTests(file: string, source: string, program: EsNode, [start, end]: [number, number]): TestedRegExp[] {
  const out: TestedRegExp[] = [];
  for (const { node } of walk(program)) {
    const [from, to] = spanOf(node);
    if (from < start || to > end) continue;
    if (node.type !== 'CallExpression' || propertyName(node['callee'] as EsNode) !== 'test') continue;
    const owner = (node['callee'] as EsNode)['object'] as EsNode;
    if (owner.type !== 'Identifier') continue;
    const name = owner['name'] as string;
    const literal = statefulConst(program, name);
    if (literal && onlyTested(program, name)) out.push({ file, source, name, literal });
  }
  return out;
}

// The g/y RegExp literal of the file's one top-level, unexported `const name = /…/gy` declaration.
function statefulConst(program: EsNode, name: string): EsNode | undefined {
  const found: EsNode[] = [];
  for (const { node, ancestors } of walk(program)) {
    const id = node['id'] as EsNode | undefined;
    if (node.type !== 'VariableDeclarator' || id?.type !== 'Identifier' || id['name'] !== name) continue;
    const declaration = ancestors.at(-1);
    const init = node['init'] as EsNode | null;
    const regex = init?.['regex'] as { flags?: string } | undefined;
    const topLevel = ancestors.length === 2 && ancestors[0] === program;
    if (
      declaration?.['kind'] !== 'const' ||
      !topLevel ||
      !regex ||
      !/g/.test(regex.flags ?? '') ||
      /y/.test(regex.flags ?? '')
    )
      return undefined;
    found.push(init!);
  }
  return found.length === 1 ? found[0] : undefined;
}

// Every other reference to `name` is the object of a `.test(…)` call: the flag means nothing else here.
function onlyTested(program: EsNode, name: string): boolean {
  for (const { node, ancestors } of walk(program)) {
    if (node.type !== 'Identifier' || node['name'] !== name) continue;
    const parent = ancestors.at(-1);
    if (parent?.type === 'VariableDeclarator' && parent['id'] === node) continue;
    const call = ancestors.at(-2);
    const tested =
      parent?.type === 'MemberExpression' &&
      parent['object'] === node &&
      propertyName(parent) === 'test' &&
      call?.type === 'CallExpression' &&
      call['callee'] === parent;
    if (!tested) return false;
  }
  return true;
}

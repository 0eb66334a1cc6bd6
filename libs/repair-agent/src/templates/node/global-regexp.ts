import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';

const ID = 'node.global-regexp';

// V8's words for `replaceAll`/`matchAll` given a RegExp without the g flag (old and new Node).
const NON_GLOBAL = /\b(replaceAll|matchAll)\b.*(?:non-global RegExp|must be called with a global RegExp)/;

/**
 * `s.replaceAll(/\s+/, ' ')` / `s.matchAll(/x/)`: both are defined only for a global RegExp, and
 * throw `TypeError: … called with a non-global RegExp argument` on the failing line. The method
 * already says "every match", so the one right fix is the g flag on that RegExp — the literal
 * passed on the failing line, or the one `const` RegExp literal of the file it names. A RegExp
 * built at runtime (`new RegExp(…)`) or bound more than once: no candidate.
 */
export const nodeGlobalRegExp: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'give the RegExp passed to replaceAll/matchAll its g flag',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    const method = NON_GLOBAL.exec(exception?.message ?? '')?.[1];
    if (!culprit || !method) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    for (const { node } of walk(program)) {
      if (node.type !== 'CallExpression') continue;
      const callee = node['callee'] as EsNode;
      const property = callee.type === 'MemberExpression' ? (callee['property'] as EsNode) : undefined;
      if (property?.type !== 'Identifier' || property['name'] !== method) continue;
      const [first, last] = linesOf(node);
      if (culprit.line < first || culprit.line > last) continue;
      const argument = (node['arguments'] as EsNode[])[0];
      const literal = argument?.type === 'Identifier' ? constRegExp(program, argument['name'] as string) : argument;
      const flags = literal ? regexFlags(literal) : null;
      if (!literal || flags === null || flags.includes('g')) continue;
      const [, end] = spanOf(literal);
      await tree.write(culprit.file, replaceRange(source, end, end, 'g'));
      yield {
        key: ID,
        summary: `${method} with a global RegExp at ${culprit.file}:${linesOf(literal)[0]}`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// The flags of a RegExp literal, or null for any other node.
function regexFlags(node: EsNode): string | null {
  const regex = node['regex'] as { flags?: string } | undefined;
  return node.type === 'Literal' && regex ? (regex.flags ?? '') : null;
}

// The RegExp literal of the file's one `const <name> = /…/` declaration; none when it is bound otherwise or twice.
function constRegExp(program: EsNode, name: string): EsNode | undefined {
  const found: EsNode[] = [];
  for (const { node, ancestors } of walk(program)) {
    if (
      node.type !== 'VariableDeclarator' ||
      (node['id'] as EsNode).type !== 'Identifier' ||
      (node['id'] as EsNode)['name'] !== name
    )
      continue;
    const declaration = ancestors.at(-1);
    const init = node['init'] as EsNode | null;
    if (declaration?.['kind'] !== 'const' || !init || regexFlags(init) === null) return undefined;
    found.push(init);
  }
  return found.length === 1 ? found[0] : undefined;
}

import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, parseFile, pathOf, spanOf, walk, type EsNode } from './estree.js';

const ID = 'node.parse-nullish-default';
// Parsers that answer NaN, never null or undefined, for a missing or bad input.
const PARSERS = new Set(['parseInt', 'parseFloat', 'Number.parseInt', 'Number.parseFloat', 'Number']);

/**
 * A default written with `??` after a number parser (`Number.parseInt(req.query.page, 10) ?? 1`) never
 * applies: the parser answers NaN for a missing value, not null, and JSON sends NaN as null, so a 2xx's
 * documented number is null (`/page must be integer`) → `||`, which the author meant (`… || 1`). Only
 * for a field the violations name, held by a variable or a property of that name whose value is such
 * a default; every such default in that value is changed, nothing else.
 */
export const nodeParseNullishDefault: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'default a parsed number with ||, as ?? never replaces NaN',
  evidence: { kinds: ['schema_mismatch'], contract: true },
  async *candidates({ cause, tree }) {
    const fields = new Set(
      cause.violations.flatMap((v) =>
        [...v.message.matchAll(/(?:^|[\s;:])\/((?:[\w$-]+\/)*[\w$-]+) must be (?:number|integer)/g)].map(
          (m) => m[1]!.split('/').at(-1)!,
        ),
      ),
    );
    if (fields.size === 0) return;
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      if (source === null || !source.includes('??') || ![...fields].some((f) => source.includes(f))) continue;
      const program = parseFile(file, source);
      if (!program) continue;
      // Every named field's default in the file: the violations list each NaN field.
      const operators: number[] = [];
      for (const { node } of walk(program)) {
        const value = valueOf(node, fields);
        if (value) operators.push(...nullishAfterParse(source, value));
      }
      if (operators.length === 0) continue;
      let patched = source;
      for (const at of operators.sort((a, b) => b - a)) patched = replaceRange(patched, at, at + 2, '||');
      await tree.write(file, patched);
      const line = source.slice(0, operators[operators.length - 1]).split('\n').length;
      const named = [...fields].filter((f) => source.includes(f));
      yield {
        key: siteKey(ID, file, line),
        summary: `default the parsed ${named.join(', ')} with || (${file}:${line})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// The value a variable or property named after a field holds.
function valueOf(node: EsNode, fields: ReadonlySet<string>): EsNode | undefined {
  if (node.type === 'VariableDeclarator' && (node['id'] as EsNode).type === 'Identifier' && node['init'])
    return fields.has((node['id'] as EsNode)['name'] as string) ? (node['init'] as EsNode) : undefined;
  if (node.type === 'Property' && !node['computed'] && !node['shorthand']) {
    const key = keyName(node['key'] as EsNode);
    return key && fields.has(key) ? (node['value'] as EsNode) : undefined;
  }
  return undefined;
}

// Offsets of the `??` operators in `value` whose left side is a parser's call.
function nullishAfterParse(source: string, value: EsNode): number[] {
  const out: number[] = [];
  for (const { node, ancestors } of walk(value)) {
    if (node.type !== 'LogicalExpression' || node['operator'] !== '??') continue;
    // `a ?? b ?? c` with `||` for the first would mix the operators, which JavaScript rejects.
    if (ancestors.at(-1)?.type === 'LogicalExpression') continue;
    const left = node['left'] as EsNode;
    if (left.type !== 'CallExpression' || !PARSERS.has(pathOf(left['callee'] as EsNode) ?? '')) continue;
    const [, leftEnd] = spanOf(left);
    const [rightStart] = spanOf(node['right'] as EsNode);
    const at = source.indexOf('??', leftEnd);
    if (at >= 0 && at < rightStart) out.push(at);
  }
  return out;
}

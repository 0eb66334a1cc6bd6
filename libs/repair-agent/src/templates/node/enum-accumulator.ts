import { replaceRange } from '../../node/js-edits.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { documentedKeySets } from './documented-key-sets.js';
import { keyName, linesOf, parseFile, spanOf, textOf, walk, type EsNode } from './estree.js';

const ID = 'node.enum-accumulator';

/**
 * `TypeError: Cannot read properties of undefined (reading 'count')` at `totals[row.kind].count += 1`
 * (or `groups[row.kind].push(row)`) where `totals` is a literal with one bucket per value of a
 * closed set (`{ open: { count: 0 }, closed: { count: 0 } }`, every bucket the same empty object or
 * array) and the app documents a larger set holding all of its keys: a string enum or an object's
 * property names in the contract, or a project constant (`const KINDS = ['open', 'held',
 * 'closed']`). The record's value is the key the literal forgot → add a bucket, the same empty
 * shape, for each documented value it lacks (the smallest documented set holding its keys; when
 * two such sets disagree, nothing). Never skips records, never guards the read; not when the
 * buckets differ, or no documented set is larger than the literal's keys (then the value itself
 * is wrong).
 */
export const nodeEnumAccumulator: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'give a per-value accumulator literal the buckets the documented value set has and it lacks',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, contract }) {
    const reading = /^Cannot read properties of undefined \(reading '([^']+)'\)/.exec(exception?.message ?? '')?.[1];
    const source = culprit ? await tree.read(culprit.file) : null;
    const program = culprit && source !== null ? parseFile(culprit.file, source) : null;
    if (!culprit || !reading || !program || source === null) return;
    const literal = bucketLiteral(program, source, culprit.line, reading);
    if (!literal) return;
    const keys = literal.keys.map((k) => k.name);
    const supersets = (await documentedKeySets(contract, tree))
      .filter((set) => keys.every((k) => set.includes(k)) && set.length > keys.length)
      .sort((a, b) => a.length - b.length);
    const smallest = supersets.filter((s) => s.length === supersets[0]?.length);
    const missing = smallest.map((s) => s.filter((v) => !keys.includes(v)));
    if (missing.length === 0 || new Set(missing.map((m) => [...m].sort().join('\n'))).size > 1) return;
    await tree.write(culprit.file, withBuckets(source, literal, smallest[0]!, missing[0]!));
    yield {
      key: siteKey(ID, culprit.file, linesOf(literal.node)[0]),
      summary:
        `add the buckets ${missing[0]!.join(', ')} the documented values ${smallest[0]!.join(', ')} have to the ` +
        `literal ${literal.name} (${culprit.file}:${linesOf(literal.node)[0]})`,
      template: { recipe: ID },
    };
  },
};

interface BucketLiteral {
  readonly name: string;
  readonly node: EsNode;
  readonly keys: readonly { name: string; node: EsNode }[];
  /** The source text of the (shared) empty bucket. */
  readonly bucket: string;
}

// The literal that `acc` in `acc[expr].reading` on the failing line was last declared with, before the line.
function bucketLiteral(program: EsNode, source: string, line: number, reading: string): BucketLiteral | undefined {
  const reads = [...walk(program)].filter(({ node }) => {
    const [first, last] = linesOf(node);
    const inner = node['object'] as EsNode | undefined;
    return (
      node.type === 'MemberExpression' &&
      first <= line &&
      line <= last &&
      !node['computed'] &&
      keyName(node['property'] as EsNode) === reading &&
      inner?.type === 'MemberExpression' &&
      !!inner['computed'] &&
      (inner['object'] as EsNode).type === 'Identifier'
    );
  });
  const names = new Set(reads.map(({ node }) => ((node['object'] as EsNode)['object'] as EsNode)['name'] as string));
  if (names.size !== 1) return undefined;
  const [name] = names;
  const declared = [...walk(program)]
    .map(({ node }) => node)
    .filter(
      (n) =>
        n.type === 'VariableDeclarator' &&
        (n['id'] as EsNode)['name'] === name &&
        (n['init'] as EsNode | null)?.type === 'ObjectExpression' &&
        linesOf(n)[1] < line,
    )
    .sort((a, b) => spanOf(b)[0] - spanOf(a)[0])[0];
  const node = declared?.['init'] as EsNode | undefined;
  const properties = (node?.['properties'] as EsNode[] | undefined) ?? [];
  const keys = properties.map((p) => ({
    name: p.type === 'Property' && !p['computed'] ? keyName(p['key'] as EsNode) : null,
    node: p,
  }));
  const values = properties.map((p) => p['value'] as EsNode | undefined);
  const shapes = new Set(values.map((v) => (v ? textOf(source, v).replace(/\s+/g, ' ') : '')));
  const value = values[0];
  if (!node || keys.length < 2 || keys.some((k) => !k.name) || shapes.size !== 1 || !value) return undefined;
  // An empty array bucket fails on any method (`push`); an object bucket must hold the member read.
  const fits =
    (value.type === 'ArrayExpression' && (value['elements'] as unknown[]).length === 0) ||
    (value.type === 'ObjectExpression' &&
      (value['properties'] as EsNode[]).some((p) => keyName(p['key'] as EsNode) === reading));
  if (!fits) return undefined;
  return { name: name!, node, keys: keys as { name: string; node: EsNode }[], bucket: textOf(source, value) };
}

// Each missing bucket after the key that comes before it in the documented order (else first).
function withBuckets(
  source: string,
  literal: BucketLiteral,
  order: readonly string[],
  missing: readonly string[],
): string {
  const [first] = literal.keys;
  const multiline = linesOf(first!.node)[0] > linesOf(literal.node)[0];
  const lineStart = source.lastIndexOf('\n', spanOf(first!.node)[0]) + 1;
  const indent = multiline ? /^[ \t]*/.exec(source.slice(lineStart))![0] : '';
  const separator = multiline ? `,\n${indent}` : ', ';
  const quote = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k.replace(/'/g, "\\'")}'`);
  const edits = missing.map((key) => {
    const before = order
      .slice(0, order.indexOf(key))
      .reverse()
      .map((k) => literal.keys.find((x) => x.name === k))
      .find(Boolean);
    const text = `${quote(key)}: ${literal.bucket}`;
    return before
      ? { at: spanOf(before.node)[1], text: `${separator}${text}`, order: order.indexOf(key) }
      : { at: spanOf(first!.node)[0], text: `${text}${separator}`, order: order.indexOf(key) };
  });
  let out = source;
  // Later offsets first; at one offset, the later value first, so the documented order reads left to right.
  for (const edit of edits.sort((a, b) => b.at - a.at || b.order - a.order))
    out = replaceRange(out, edit.at, edit.at, edit.text);
  return out;
}

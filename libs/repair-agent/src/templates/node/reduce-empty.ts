import { replaceRange } from '../../node/js-edits.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { successSchema } from '../python/contract-schema.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, walk, type EsNode } from './estree.js';
import { isInitiallessSum } from './number-field.js';
import { isFunction } from './object-keys.js';
import { meanGuard } from './reduce-mean.js';
import { logicalFold, mapsToBooleans } from './reduce-logical.js';
import { fieldFilled, isDividend, resultOf, startsAtZero } from './reduce-sum-evidence.js';
import { isPick, pickGuard } from './reduce-pick.js';
import { truthyPickGuard } from './reduce-truthy-pick.js';
import { maxFromZero } from './reduce-max-zero.js';
import { guardedNumericSum } from './reduce-guarded-sum.js';
import { helperSumFillsNumber } from './reduce-helper-sum.js';
import { filteredByAbsentMember } from './filtered-by-absent-member.js';

const ID = 'node.reduce-empty';

/**
 * `TypeError: Reduce of empty array with no initial value` at a sum by `reduce`
 * (`xs.reduce((sum, x) => sum + x)`) → the sum's initial value `0` (`xs.reduce(…, 0)`): the sum
 * of nothing. A non-empty list sums as before. Only when the sum fills a response field (the
 * literal's key, directly or through the local it is kept in) that the documented success
 * schema types as a number admitting 0, or when it adds up a member of each item
 * (`sum + x.hours`: without an initial value the first item itself would be the accumulator, so
 * the sum is wrong on any list), the member known to be a number (a documented numeric field of
 * its name, a comparison or arithmetic with a number literal, a TypeScript `number` type:
 * `s + x.name` concatenates strings, which 0 would only prefix), and is not divided right away
 * (a mean of nothing is no 0). A reduce whose callback builds a literal of running totals
 * (`({ hours: acc.hours + s.hours })`, every field its own accumulator's field plus something)
 * starts from that literal with every field at 0 (`#totals`); never a field built with `-`
 * (from 0 it gives -Σ, where the first item minus the rest was meant). A sum divided by the
 * reduced array's own length (a mean, which 0 would make NaN) is guarded instead, the whole
 * value of its response field
 * (`xs.length > 0 ? Math.round(… / xs.length) : null`) answering what the schema documents for
 * no items: null where the field is nullable, else 0 (`#mean`). A max by `Math.max` filling a
 * never-null number field, its values shown no less than 0 (a documented minimum 0, or the same list
 * summed from 0 beside it), starts at 0 (`#max`, reduce-max-zero.ts). Any other reduce (another
 * max, a product, a concatenation, a value no documented field shows) gets no candidate. A logical fold
 * over booleans (`xs.map((x) => overlaps(x, …)).reduce((a, b) => a || b)`, its `.reduce` on the
 * culprit line) starts at its identity: `false` for any, `true` for all (`#logical`); over other
 * values `a || b` picks the first truthy one, and none of them is no `false`. A pick of one item
 * (`ds.reduce((min, d) => (d < min ? d : min))`, `Math.max(a, b)`: the earliest date, a max) has
 * no initial value meaning "none" (0 is no date and wins every min): only where its response field
 * is documented nullable is its whole value guarded, `xs.length > 0 ? … : null` (`#pick`). A sum
 * given its 0 brings the other plain sums over the same list in its function along
 * (`hours: mine.map(…).reduce(…)` beside `paid: mine.map(…).reduce(…)`), each of them one that
 * would start at 0 on its own: fixing one leaves the next failing on the same empty list. A sum of a
 * numeric member mapped out of each item (`times = xs.map((x) => x.secs)`), kept in a local read only
 * where the list has items (`times.length === 0 ? null : total / times.length`), starts at 0 too
 * (reduce-guarded-sum.ts): every use already answers "no items" itself. So does a sum helper's
 * (`function sum(values) { return values.reduce(…); }`) whose caller on the trace fills a documented
 * number field with its result (reduce-helper-sum.ts). No
 * candidate where a filter emptied the list by reading a member its records lack
 * (filtered-by-absent-member.ts): a 0 there answers 200 with zeros for data that exists.
 */
export const nodeReduceEmpty: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'start a sum by reduce at 0 (Reduce of empty array with no initial value)',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, operation, cause, contract }) {
    if (!culprit || !/^Reduce of empty array with no initial value/.test(exception?.message ?? '')) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    // `flags.reduce((a, b) => a || b)`: any of nothing is false, all of nothing (`&&`) is true.
    // The fold whose `.reduce` is on the culprit line (not an outer one around the failing sum), over
    // booleans (`.map((l) => overlaps(l, …))`, a comparison): `a || b` over values is a first-truthy pick.
    const logical = [...walk(program)].find(
      ({ node }) =>
        logicalFold(node) !== null &&
        linesOf(node['callee'] as EsNode)[1] === culprit.line &&
        mapsToBooleans(((node['callee'] as EsNode)['object'] as EsNode | undefined) ?? null),
    );
    if (logical) {
      const identity = logicalFold(logical.node) === '||' ? 'false' : 'true';
      const [, close] = spanOf((logical.node['arguments'] as EsNode[])[0]!);
      await tree.write(culprit.file, replaceRange(source, close, close, `, ${identity}`));
      yield {
        key: `${ID}#logical`,
        summary:
          `start the ${identity === 'false' ? 'any' : 'all'} by reduce at ${identity}: ` +
          `reduce(…, ${identity}) (${culprit.file}:${culprit.line})`,
        template: { recipe: `${ID}#logical` },
      };
      return;
    }
    const onLine = [...walk(program)].filter(
      ({ node }) =>
        (isInitiallessSum(node) || totalsOf(node)) &&
        linesOf(node)[0] <= culprit.line &&
        culprit.line <= linesOf(node)[1],
    );
    const found = onLine.sort(
      (a, b) => spanOf(a.node)[1] - spanOf(a.node)[0] - (spanOf(b.node)[1] - spanOf(b.node)[0]),
    )[0];
    const at = `(${culprit.file}:${culprit.line})`;
    const schema = successSchema(operation);
    // A list a filter emptied by reading a member its records lack: the filter is the bug, not the sum.
    if (found && (await filteredByAbsentMember(found.node, found.ancestors, tree))) return;
    if (!found) {
      // A min / max / earliest by reduce: no initial value means "none", so the schema's null does.
      const pick = [...walk(program)].find(
        ({ node }) => isPick(node) && linesOf(node)[0] <= culprit.line && culprit.line <= linesOf(node)[1],
      );
      if (pick && (await filteredByAbsentMember(pick.node, pick.ancestors, tree))) return;
      // Or a pick kept in a local the code reads only under its own truthiness (reduce-truthy-pick.ts).
      const guard = pick
        ? (pickGuard(pick.node, pick.ancestors, schema) ?? truthyPickGuard(pick.node, pick.ancestors, schema))
        : null;
      const max = pick && !guard ? maxFromZero(pick.node, pick.ancestors, schema) : null;
      if (max) {
        // A never-null count-like field: the max of no values no less than 0 is 0 (reduce-max-zero.ts).
        await tree.write(culprit.file, replaceRange(source, max.end, max.end, ', 0'));
        yield {
          key: `${ID}#max`,
          summary: `start the max for ${max.field} at 0: reduce(…, 0) ${at}`,
          template: { recipe: `${ID}#max` },
        };
        return;
      }
      if (!guard) return;
      const value = source.slice(guard.start, guard.end);
      // With the read of the picked item's member (`best.id`), when the pick is kept in a local; last edit first.
      const edits = [{ start: guard.start, end: guard.end, text: `${guard.guard} ? ${value} : null` }];
      if (guard.read) edits.push(guard.read);
      const patched = edits
        .sort((a, b) => b.start - a.start)
        .reduce((text, e) => replaceRange(text, e.start, e.end, e.text), source);
      await tree.write(culprit.file, patched);
      yield {
        key: `${ID}#pick`,
        summary: `${guard.field} is null for no items: ${guard.guard} ? … : null ${at}`,
        template: { recipe: `${ID}#pick` },
      };
      return;
    }
    const [, end] = spanOf((found.node['arguments'] as EsNode[])[0]!);
    const totals = totalsOf(found.node);
    if (totals) {
      const initial = `{ ${totals.map((k) => `${k}: 0`).join(', ')} }`;
      await tree.write(culprit.file, replaceRange(source, end, end, `, ${initial}`));
      yield {
        key: `${ID}#totals`,
        summary: `start the running totals at ${initial}: reduce(…, ${initial}) ${at}`,
        template: { recipe: `${ID}#totals` },
      };
      return;
    }
    if (isDividend(found.node, found.ancestors)) {
      // A mean: 0 would make it NaN. The value is guarded with what the schema documents for none.
      const mean = meanGuard(found.node, found.ancestors, schema);
      if (!mean) return;
      const value = source.slice(mean.start, mean.end);
      const guarded = `${mean.guard} ? ${value} : ${mean.empty}`;
      await tree.write(culprit.file, replaceRange(source, mean.start, mean.end, guarded));
      yield {
        key: `${ID}#mean`,
        summary: `${mean.field} is ${mean.empty} for no items: ${mean.guard} ? … : ${mean.empty} ${at}`,
        template: { recipe: `${ID}#mean` },
      };
      return;
    }
    const field = fieldFilled(found.node, found.ancestors);
    const zero = await startsAtZero(found.node, found.ancestors, schema, tree, culprit.file);
    if (
      !zero &&
      !(await guardedNumericSum(found.node, found.ancestors, schema, tree, culprit.file, contract)) &&
      // A sum helper's caller (the trace's next frame) fills the documented number (reduce-helper-sum.ts).
      !(await helperSumFillsNumber(found.node, found.ancestors, schema, cause.trace, tree))
    )
      return;
    // The other sums over the same list in the function fail on the same empty list right after
    // (`hours: mine.map(…).reduce(…)` beside `paid: mine.map(…).reduce(…)`): each gets its 0 too.
    const ends = [end];
    for (const other of await sameListSums(found, program, schema, tree, culprit.file))
      ends.push(spanOf((other['arguments'] as EsNode[])[0]!)[1]);
    const patched = ends.sort((a, b) => b - a).reduce((text, at) => replaceRange(text, at, at, ', 0'), source);
    await tree.write(culprit.file, patched);
    const more = ends.length > 1 ? ` and ${ends.length - 1} more over the same list` : '';
    yield {
      key: ID,
      summary: `start the sum${field ? ` for ${field}` : ''}${more} at 0: reduce(…, 0) ${at}`,
      template: { recipe: ID },
    };
  },
};

// The other plain sums in the failing sum's function over the same list (its receiver read through
// `.map(…)` / `.filter(…)`), each one that would start at 0 itself; not a mean (a dividend).
async function sameListSums(
  found: { node: EsNode; ancestors: readonly EsNode[] },
  program: EsNode,
  schema: unknown,
  tree: SourceTree,
  file: string,
): Promise<EsNode[]> {
  const list = listOf(found.node);
  const fn = [...found.ancestors].reverse().find(isFunction) ?? program;
  const out: EsNode[] = [];
  const above = found.ancestors.indexOf(fn);
  for (const { node, ancestors } of walk(fn, above >= 0 ? [...found.ancestors.slice(0, above)] : [])) {
    if (node === found.node || !isInitiallessSum(node) || listOf(node) !== list || list === null) continue;
    if (isDividend(node, ancestors) || totalsOf(node)) continue;
    if (await startsAtZero(node, ancestors, schema, tree, file)) out.push(node);
  }
  return out;
}

// `mine` of `mine.map((s) => s.hours).reduce(…)` or `mine.filter(…).reduce(…)`: the list reduced.
function listOf(call: EsNode): string | null {
  let receiver = (call['callee'] as EsNode)['object'] as EsNode;
  while (receiver.type === 'CallExpression') {
    const callee = receiver['callee'] as EsNode;
    if (callee.type !== 'MemberExpression' || !['map', 'filter'].includes(keyName(callee['property'] as EsNode) ?? ''))
      return null;
    receiver = callee['object'] as EsNode;
  }
  return pathOf(receiver);
}

// `xs.reduce((acc, x) => ({ a: acc.a + x.a, b: acc.b - x.b }))`, no initial value: the keys.
function totalsOf(node: EsNode): string[] | null {
  if (node.type !== 'CallExpression' || (node['callee'] as EsNode).type !== 'MemberExpression') return null;
  if (
    pathOf(node['callee'] as EsNode)
      ?.split('.')
      .at(-1) !== 'reduce'
  )
    return null;
  const [callback, ...rest] = node['arguments'] as EsNode[];
  if (!callback || rest.length > 0 || !isFunction(callback)) return null;
  const acc = (callback['params'] as EsNode[])[0];
  const result = resultOf(callback);
  if (acc?.type !== 'Identifier' || result?.type !== 'ObjectExpression') return null;
  const keys: string[] = [];
  for (const p of result['properties'] as EsNode[]) {
    const key = p.type === 'Property' && !p['computed'] ? keyName(p['key'] as EsNode) : null;
    const value = p['value'] as EsNode | undefined;
    const running =
      key !== null &&
      value?.type === 'BinaryExpression' &&
      // `acc.a - x.a` from 0 gives -Σ where item0 - Σrest was meant.
      value['operator'] === '+' &&
      pathOf(value['left'] as EsNode) === `${acc['name'] as string}.${key}`;
    if (!running) return null;
    keys.push(key);
  }
  return keys.length > 0 ? keys : null;
}

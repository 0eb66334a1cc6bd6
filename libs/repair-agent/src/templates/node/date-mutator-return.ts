import { indentAt, replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor, type NodeProject } from '../../node/node-project.js';
import { resolveFunction } from '../../node/resolve-function.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { DATE_METHODS } from './date-string.js';
import { originOf, type Origin } from './date-receiver-origin.js';
import { copiedSetter, ownedDate } from './date-setter-copy.js';
import { enclosingStatement, linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName, unwrap } from './object-keys.js';

const ID = 'node.date-mutator-return';

// Date.prototype setters: they change the Date in place and return its new time, a number.
const MUTATOR = /^set(UTC)?(FullYear|Month|Date|Hours|Minutes|Seconds|Milliseconds)$|^set(Time|Year)$/;

/**
 * A Date setter's result taken for the Date it changed: `return result.setUTCDate(result.getUTCDate() + days)`
 * (or `const due = start.setDate(…)`) hands on the new time as a number, and a Date method called on it
 * later fails (`TypeError: date.toISOString is not a function`) → keep the call for its effect and hand on the
 * Date: `result.setUTCDate(…); return result;` (`start.setDate(…); const due = start;`).
 * The evidence: a Date method missing on the failing line's receiver, and that receiver's value traced to a
 * setter's result — the receiver is a call of a project function (`addDays(d, 3).toISOString()`), a local made
 * by one or by the setter itself, or a parameter of the failing function whose argument on the calling frame's
 * line is such a call — and the function returns the setter's result on an object it can name again.
 * A setter chained at once (`d.setUTCMonth(…).toISOString()`) is read as the Date its time stands for:
 * `new Date(d.setUTCMonth(…)).toISOString()` (`#chained`).
 * Not fired on any other TypeError, on a value from anywhere else (a string from JSON is the date-string
 * template's), or on a function that returns a Date already.
 */
export const nodeDateMutatorReturn: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "hand on the Date a setter changed, not the setter's numeric result",
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, cause, tree, node: given }) {
    const m = /^(.+?)\??\.([A-Za-z]+) is not a function$/.exec(exception?.message ?? '');
    if (!culprit || !m || !(DATE_METHODS.has(m[2]!) || MUTATOR.test(m[2]!))) return;
    const receiver = m[1]!.replace(/\s+/g, '').replace(/\?\./g, '.');
    const project = given ?? nodeProjectFor(tree);
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    const failing = [...walk(program)].find(
      ({ node: n }) =>
        n.type === 'CallExpression' &&
        linesOf(n)[0] <= culprit.line &&
        culprit.line <= linesOf(n)[1] &&
        propertyName(n['callee'] as EsNode) === m[2] &&
        [
          compact(textOf(source, (n['callee'] as EsNode)['object'] as EsNode)),
          v8Name((n['callee'] as EsNode)['object'] as EsNode),
        ].includes(receiver),
    );
    if (!failing) return;
    const object = unwrap((failing.node['callee'] as EsNode)['object'] as EsNode);
    // `d.setUTCMonth(…).toISOString()`: the setter's time, chained at once, made the Date it stands for.
    if (object.type === 'CallExpression' && MUTATOR.test(propertyName(object['callee'] as EsNode) ?? '')) {
      const [start, end] = spanOf(object);
      await tree.write(culprit.file, replaceRange(source, start, end, `new Date(${textOf(source, object)})`));
      yield {
        key: `${ID}#chained`,
        summary:
          `new Date(…) of the time ${textOf(source, object)} returns, before .${m[2]}() ` +
          `(${culprit.file}:${culprit.line})`,
        template: { recipe: `${ID}#chained` },
      };
      return;
    }
    const fn = [...failing.ancestors].reverse().find(isFunction);
    const origin = await originOf(object, fn, { file: culprit.file, source, program }, cause.trace ?? null, tree);
    if (!origin) return;
    const site = await setterSite(project, tree, origin);
    if (!site) return;
    await tree.write(site.file, replaceRange(site.source, site.start, site.end, site.text));
    yield {
      key: ID,
      summary: `hand on ${site.object}, not the number ${site.setter}() returns (${site.file}:${site.line})`,
      template: { recipe: ID },
    };
  },
};

/** The edit that hands on the Date: where, the new text, and what it names. */
interface SetterSite {
  readonly file: string;
  readonly source: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly line: number;
  readonly object: string;
  readonly setter: string;
}

// `d.setX(…)` on a Date it can name again (a plain path, evaluated twice without effect): the object and setter.
function setterCall(expr: EsNode): { object: string; setter: string } | null {
  if (expr.type !== 'CallExpression') return null;
  const setter = propertyName(expr['callee'] as EsNode);
  const object = setter ? pathOf((expr['callee'] as EsNode)['object'] as EsNode) : null;
  return setter && object && MUTATOR.test(setter) ? { object, setter } : null;
}

// The setter's result taken for the Date: in the local that holds it, or returned by the function called.
async function setterSite(project: NodeProject, tree: SourceTree, origin: Origin): Promise<SetterSite | null> {
  const direct = setterCall(origin.expr);
  if (direct) {
    const statement = origin.declarator && enclosingStatement(origin.declarator, origin.ancestors ?? []);
    const declarations = statement?.['declarations'] as EsNode[] | undefined;
    if (!statement || statement.type !== 'VariableDeclaration' || declarations?.length !== 1) return null;
    const [start, end] = spanOf(statement);
    const fn = [...(origin.ancestors ?? [])].reverse().find(isFunction);
    // A Date someone else holds (a parameter, a local read again below) is not changed: a copy is.
    if (!ownedDate(fn, origin.source, direct.object, end)) {
      const [callStart, callEnd] = spanOf(origin.expr);
      const text = copiedSetter(origin.source, origin.expr);
      return { ...origin, ...direct, start: callStart, end: callEnd, text, line: linesOf(statement)[0] };
    }
    const name = textOf(origin.source, origin.declarator!['id'] as EsNode);
    const kind = statement['kind'] as string;
    const semi = textOf(origin.source, statement).trimEnd().endsWith(';') ? ';' : '';
    const indent = indentAt(origin.source, start);
    const text = `${textOf(origin.source, origin.expr)}${semi}\n${indent}${kind} ${name} = ${direct.object}${semi}`;
    return { ...origin, ...direct, start, end, text, line: linesOf(statement)[0] };
  }
  if (origin.expr.type !== 'CallExpression') return null;
  const c = origin.expr['callee'] as EsNode;
  const ref = pathOf(c);
  const target = ref ? await resolveFunction(project, origin.file, ref) : undefined;
  const source = target ? await tree.read(target.file) : null;
  const program = target && source !== null ? parseFile(target.file, source) : null;
  if (!target || source === null || !program) return null;
  const fn = [...walk(program)]
    .map(({ node }) => node)
    .find((n) => isFunction(n) && spanOf(n)[0] >= target.fn.start && spanOf(n)[1] <= target.fn.end);
  if (!fn) return null;
  const body = fn['body'] as EsNode;
  // `(d, n) => d.setDate(…)` changes the caller's Date: the body becomes a changed copy.
  const bare = body.type !== 'BlockStatement' ? setterCall(unwrap(body)) : null;
  if (bare) {
    const [start, end] = spanOf(body);
    const text = copiedSetter(source, unwrap(body));
    return { file: target.file, source, start, end, text, line: linesOf(body)[0], ...bare };
  }
  for (const { node, ancestors } of walk(fn)) {
    if (node.type !== 'ReturnStatement' || [...ancestors].reverse().find(isFunction) !== fn) continue;
    const found = node['argument'] ? setterCall(unwrap(node['argument'] as EsNode)) : null;
    if (!found) continue;
    const [start, end] = spanOf(node);
    if (!ownedDate(fn, source, found.object, end)) {
      const argument = unwrap(node['argument'] as EsNode);
      const [callStart, callEnd] = spanOf(argument);
      const text = copiedSetter(source, argument);
      return { file: target.file, source, start: callStart, end: callEnd, text, line: linesOf(node)[0], ...found };
    }
    const semi = textOf(source, node).trimEnd().endsWith(';') ? ';' : '';
    const call = textOf(source, node['argument'] as EsNode);
    const pair = `${call}${semi}\n${indentAt(source, start)}return ${found.object}${semi}`;
    // `if (…) return d.setX(…);`: two statements where one stood need a block.
    const text = ancestors.at(-1)?.type === 'BlockStatement' ? pair : `{ ${pair.replace(/\n\s*/, ' ')} }`;
    return { file: target.file, source, start, end, text, line: linesOf(node)[0], ...found };
  }
  return null;
}

// How V8 names a receiver in its message: a call's arguments elided (`later(...)`, `a.b(...).c`).
function v8Name(node: EsNode): string | null {
  if (node.type === 'CallExpression') {
    const callee = v8Name(node['callee'] as EsNode);
    return callee === null ? null : `${callee}(...)`;
  }
  if (node.type === 'MemberExpression' && !node['computed']) {
    const object = v8Name(node['object'] as EsNode);
    return object === null ? null : `${object}.${propertyName(node) ?? ''}`;
  }
  return pathOf(node);
}

function compact(text: string): string {
  return text.replace(/\s+/g, '').replace(/\?\./g, '.');
}

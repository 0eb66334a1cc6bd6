import type { FunctionSummary } from '../../python/module-summary.js';
import { splitSource } from '../../python/python-edits.js';
import { findRoute } from '../../recipes/python/route-match.js';
import type { RepairTemplate } from '../template.js';
import { callPath } from './call-path.js';
import { maskStrings, statementEnd } from './expression-text.js';

// Project functions followed from the handler through the calls it makes.
const DEPTH = 2;
// What iterates an iterable to its end when handed it first.
const CONSUMERS = 'sum|len|list|tuple|set|frozenset|sorted|any|all|max|min|dict|enumerate|zip|reversed|\\w+\\.join';

/** A name bound to a one-shot iterator: where its expression opens and closes (0-based), and its kind. */
interface OneShot {
  readonly name: string;
  readonly line: number;
  readonly open: { line: number; col: number };
  readonly close: { line: number; col: number };
  /** A generator expression in parentheses, or a `filter(…)`/`map(…)` call. */
  readonly kind: 'generator' | 'call';
}

/**
 * A name bound to a generator expression (or `filter(…)`/`map(…)`) is iterated twice in one
 * function (`done = (r for r in rows if r.ok)`, `count = sum(1 for _ in done)`, `total = sum(r.x
 * for r in done)`): the first use drains it, so every later one sees nothing (0, an empty list) and
 * the response carries wrong values. Evidence: a wrong-data failure (a test's assertion, a body off
 * its schema, no crash) of an endpoint whose handler, or a project function it calls (two deep),
 * holds such a name consumed at least twice (`for … in`, a comprehension, `sum`/`len`/`list`/`any`
 * …) with no rebinding in between. Fix: bind a list (`[…]`, `list(filter(…))`). Never on an
 * iterator consumed once, nor one rebound between its uses.
 */
export const pythonGeneratorReused: RepairTemplate = {
  id: 'python.generator-reused',
  language: 'python',
  summary: 'bind a list, not a generator, to a name a function iterates twice',
  evidence: { kinds: ['test_failure', 'schema_mismatch'] },
  async *candidates({ cause, tree, python, exception }) {
    // A crash is another bug: a drained generator gives wrong values, not an exception.
    if (exception && exception.type !== 'AssertionError') return;
    const done = new Set<FunctionSummary>();
    for (const endpoint of new Set([...cause.endpoints, ...cause.violations.map((v) => v.endpoint)])) {
      const route = await findRoute(python, endpoint).catch(() => undefined);
      if (!route) continue;
      for (const { file, fn } of await callPath(python, route.file, route.handler, DEPTH)) {
        if (done.has(fn)) continue;
        done.add(fn);
        const { lines, join } = splitSource((await tree.read(file)) ?? '');
        const sites = reusedOneShots(lines, fn);
        if (sites.length === 0) continue;
        // From the last site up, so earlier positions stay valid.
        for (const site of [...sites].reverse()) {
          const { open, close } = site;
          const [left, right] = site.kind === 'generator' ? ['[', ']'] : ['list(', ')'];
          const skip = site.kind === 'generator' ? 1 : 0;
          lines[close.line] =
            lines[close.line]!.slice(0, close.col) + right + lines[close.line]!.slice(close.col + skip);
          lines[open.line] = lines[open.line]!.slice(0, open.col) + left + lines[open.line]!.slice(open.col + skip);
        }
        await tree.write(file, join(lines));
        yield {
          key: 'python.generator-reused',
          summary: `bind ${sites.map((s) => s.name).join(', ')} in ${fn.name} (${file}) to a list: iterated twice`,
          template: { recipe: 'python.generator-reused' },
        };
      }
    }
  },
};

// The one-shot iterators the function binds and then consumes twice or more.
function reusedOneShots(lines: readonly string[], fn: FunctionSummary): OneShot[] {
  const out: OneShot[] = [];
  for (let i = fn.bodyLine - 1; i < fn.endLine; i++) {
    const shot = oneShotAt(lines, i);
    if (!shot) continue;
    const end = statementEnd(lines, i + 1);
    let uses = 0;
    const consumed = new RegExp(
      `\\bin\\s+${shot.name}\\b(?!\\s*[.\\[(])|\\b(?:${CONSUMERS})\\(\\s*${shot.name}\\s*[,)]`,
      'g',
    );
    const rebound = new RegExp(`^\\s*${shot.name}\\s*(?::[^=]+)?[-+*/|&]?=(?!=)|\\bfor\\s+${shot.name}\\s+in\\b`);
    for (let k = end; k < fn.endLine; k++) {
      const text = maskStrings(lines[k] ?? '');
      if (rebound.test(text)) break;
      uses += text.match(consumed)?.length ?? 0;
    }
    if (uses >= 2) out.push(shot);
  }
  return out;
}

// `name = (x for x in xs)` or `name = filter(…)` / `map(…)` starting on line `i` (0-based), alone on its statement.
function oneShotAt(lines: readonly string[], i: number): OneShot | null {
  const head = /^(\s*)([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)\s*/.exec(maskStrings(lines[i]!));
  if (!head) return null;
  const end = statementEnd(lines, i + 1);
  const masked = lines.slice(i, end).map(maskStrings);
  const rest = masked[0]!.slice(head[0].length);
  const call = /^(?:filter|map)\s*\(/.exec(rest);
  if (!rest.startsWith('(') && !call) return null;
  const openCol = head[0].length + (call ? call[0].length - 1 : 0);
  let depth = 0;
  let top = '';
  for (let l = 0; l < masked.length; l++) {
    for (let c = l === 0 ? openCol : 0; c < masked[l]!.length; c++) {
      const ch = masked[l]![c]!;
      if ('([{'.includes(ch)) depth++;
      else if (')]}'.includes(ch)) depth--;
      else if (depth === 1) top += ch;
      if (depth > 0) continue;
      // The expression must be the whole right-hand side.
      if (
        masked
          .slice(l)
          .join('\n')
          .slice(c + 1)
          .trim() !== ''
      )
        return null;
      if (!call && !/\bfor\b[\s\S]*\bin\b/.test(top)) return null;
      return {
        name: head[2]!,
        line: i,
        open: { line: i, col: head[0].length },
        close: { line: i + l, col: c },
        kind: call ? 'call' : 'generator',
      };
    }
    top += ' ';
  }
  return null;
}

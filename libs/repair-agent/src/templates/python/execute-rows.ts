import type { FunctionSummary } from '../../python/module-summary.js';
import { splitSource } from '../../python/python-edits.js';
import { findRoute } from '../../recipes/python/route-match.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { callPath } from './call-path.js';
import { selectsOneEntity } from './one-entity-select.js';

const EXCEPTIONS = [
  'ResponseValidationError',
  'fastapi.exceptions.ResponseValidationError',
  // The rows handed to a response model built by hand (`Page(items=rows)`).
  'ValidationError',
  'pydantic_core._pydantic_core.ValidationError',
];
// Project functions followed from the handler (service → repository): the rows may be read two calls deep.
const DEPTH = 2;

/**
 * SQLAlchemy 2's `session.execute(select(Cave))` yields `Row` tuples (`(Cave,)`), not entities:
 * returning `result.all()` (or `.first()`, or `list(….all())`) hands FastAPI rows its response
 * model cannot read — `ResponseValidationError`, often with no frame of the app → `.scalars()`
 * before `.all()` (`.first()`), the entities meant. Evidence: the failing route's handler, or a
 * project function it calls (two deep: a service, then a repository), returns the rows of a result
 * it got from `execute(…)` of a one-entity select — inline, through a result name, or through a
 * statement name first bound to `select(OneEntity)` and since only refined (`stmt = stmt.where(…)`,
 * `.offset/.limit`); or binds such rows to a name it reads later (`items = db.execute(…).all()`
 * then `Page(items=items)`: pydantic's `ValidationError`). Never on a select of columns or of
 * several entities (rows on purpose), a statement of unknown origin (a parameter), or scalars
 * already taken.
 */
export const pythonExecuteRows: RepairTemplate = {
  id: 'python.execute-rows',
  language: 'python',
  summary: 'return the entities of a one-entity select (scalars()), not its row tuples',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS },
  async *candidates({ cause, tree, python }) {
    const done = new Set<FunctionSummary>();
    for (const endpoint of new Set([...cause.endpoints, ...cause.violations.map((v) => v.endpoint)])) {
      const route = await findRoute(python, endpoint).catch(() => undefined);
      if (!route) continue;
      for (const { file, fn } of await callPath(python, route.file, route.handler, DEPTH)) {
        const source = done.has(fn) ? null : await tree.read(file);
        done.add(fn);
        if (source === null) continue;
        const { lines, join } = splitSource(source);
        for (let i = fn.bodyLine - 1; i < fn.endLine; i++) {
          const edited = entitiesReturn(lines, fn, i) ?? entitiesBound(lines, fn, i);
          if (edited === null) continue;
          lines[i] = edited;
          await tree.write(file, join(lines));
          yield {
            key: siteKey('python.execute-rows', file, i + 1),
            summary: `return the entities (.scalars()) of the select, not its rows, in ${fn.name} at ${file}:${i + 1}`,
            template: { recipe: 'python.execute-rows' },
          };
          break;
        }
      }
    }
  },
};

// Line `i` (0-based) binding the rows of an inline one-entity select to a name read later,
// rewritten to bind its scalars; else null.
function entitiesBound(lines: readonly string[], fn: FunctionSummary, i: number): string | null {
  const bound = /^(\s*(\w+)\s*(?::[^=]+)?=(?!=)\s*)(list\()?(.*)\.(all|first)\(\)(\))?\s*$/.exec(lines[i]!);
  if (!bound || Boolean(bound[3]) !== Boolean(bound[6]) || (bound[3] && bound[5] !== 'all')) return null;
  const [, head, name, wrap = '', inner, method, close = ''] = bound as unknown as string[];
  const inline = /^\((?:await\s+)?[\w.]+\.execute\((.*)\)\)$/.exec(inner!) ?? /^[\w.]+\.execute\((.*)\)$/.exec(inner!);
  if (!inline || !selectsOneEntity(lines, fn, i, inline[1]!)) return null;
  const read = new RegExp(`(?<![\\w.])${name}\\b(?!\\s*=(?!=))`); // a read, not a keyword argument's name
  if (!lines.slice(i + 1, fn.endLine).some((l) => read.test(l))) return null;
  return `${head}${wrap}${inner}.scalars().${method}()${close}`;
}

// Line `i` (0-based) returning the rows of a one-entity select, rewritten to return its scalars; else null.
function entitiesReturn(lines: readonly string[], fn: FunctionSummary, i: number): string | null {
  const text = lines[i]!;
  const ret = /^(\s*return\s+)(list\()?(.*)\.(all|first)\(\)(\))?\s*$/.exec(text);
  // `list(` and its `)` together, and only around `.all()`.
  if (!ret || Boolean(ret[2]) !== Boolean(ret[5]) || (ret[2] && ret[4] !== 'all')) return null;
  const [, head, wrap = '', inner, method, close = ''] = ret as unknown as string[];
  const edited = `${head}${wrap}${inner}.scalars().${method}()${close}`;
  const inline = /^\((?:await\s+)?[\w.]+\.execute\((.*)\)\)$/.exec(inner!) ?? /^[\w.]+\.execute\((.*)\)$/.exec(inner!);
  if (inline) return selectsOneEntity(lines, fn, i, inline[1]!) ? edited : null;
  if (!/^\w+$/.test(inner!)) return null;
  // A result name: its nearest assignment before the return, not the first in the body.
  const binding = new RegExp(`^\\s*${inner}\\s*(?::[^=]+)?=(?!=)\\s*(.*)$`);
  let at = -1;
  for (let k = fn.bodyLine - 1; k < i; k++) if (binding.test(lines[k]!)) at = k;
  const assigned = at < 0 ? null : /^(?:await\s+)?[\w.]+\.execute\((.*)\)\s*$/.exec(binding.exec(lines[at]!)![1]!);
  return assigned && selectsOneEntity(lines, fn, at, assigned[1]!) ? edited : null;
}

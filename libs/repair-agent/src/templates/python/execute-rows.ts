import { splitSource } from '../../python/python-edits.js';
import { findRoute } from '../../recipes/python/route-match.js';
import type { RepairTemplate } from '../template.js';

const EXCEPTIONS = ['ResponseValidationError', 'fastapi.exceptions.ResponseValidationError'];
// `select(Cave)`, `select(models.Cave)`: one entity, rows of one element.
const ONE_ENTITY = /\bselect\(\s*(?:[a-z_]\w*\.)?[A-Z]\w*\s*\)/;

/**
 * SQLAlchemy 2's `session.execute(select(Cave))` yields `Row` tuples (`(Cave,)`), not entities:
 * returning `result.all()` (or `.first()`) hands FastAPI rows its response model cannot read —
 * `ResponseValidationError` → `result.scalars().all()` (`.scalars().first()`), the entities the
 * handler meant. Only a return of the route's handler reading a result the same function got from
 * `execute(select(OneEntity)…)` (by name, or inline); a select of columns or several entities
 * has rows on purpose.
 */
export const pythonExecuteRows: RepairTemplate = {
  id: 'python.execute-rows',
  language: 'python',
  summary: 'return the entities of a one-entity select (scalars()), not its row tuples',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS },
  async *candidates({ cause, tree, python }) {
    for (const endpoint of new Set([...cause.endpoints, ...cause.violations.map((v) => v.endpoint)])) {
      const route = await findRoute(python, endpoint).catch(() => undefined);
      const source = route ? await tree.read(route.file) : null;
      if (!route || source === null) continue;
      const { lines, join } = splitSource(source);
      const { handler } = route;
      for (let i = handler.bodyLine - 1; i < handler.endLine; i++) {
        const text = lines[i]!;
        const named = /^(\s*return\s+)(\w+)\.(all|first)\(\)\s*$/.exec(text);
        const inline = /^(\s*return\s+)\((await\s+)?(.*\.execute\(.*\))\)\.(all|first)\(\)\s*$/.exec(text);
        let edited: string | null = null;
        if (named) {
          // The nearest assignment of the name before the return, not the first in the body.
          const binding = new RegExp(`^\\s*${named[2]}\\s*(?::[^=]+)?=(?!=)\\s*(.*)$`);
          const nearest = lines
            .slice(handler.bodyLine - 1, i)
            .map((l) => binding.exec(l))
            .filter((m): m is RegExpExecArray => m !== null)
            .pop();
          const assigned = nearest ? /^(?:await\s+)?[\w.]+\.execute\((.*)$/.exec(nearest[1]!) : null;
          if (assigned && ONE_ENTITY.test(assigned[1]!)) edited = `${named[1]}${named[2]}.scalars().${named[3]}()`;
        } else if (inline && ONE_ENTITY.test(inline[3]!)) {
          edited = `${inline[1]}(${inline[2] ?? ''}${inline[3]}).scalars().${inline[4]}()`;
        }
        if (edited === null) continue;
        lines[i] = edited;
        await tree.write(route.file, join(lines));
        yield {
          key: 'python.execute-rows',
          summary: `return the entities (.scalars()) of the select, not its rows, at ${route.file}:${i + 1}`,
          template: { recipe: 'python.execute-rows' },
        };
        return;
      }
    }
  },
};

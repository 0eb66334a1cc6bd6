import { splitSource } from '../../python/python-edits.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import type { RepairTemplate } from '../template.js';
import { callPath } from './call-path.js';
import { causeRoutes } from './cause-routes.js';
import { objectShape } from './contract-schema.js';
import { copiedDump, withExcludeUnset } from './partial-update.js';

const ID = 'python.partial-update#caught-conflict';
// pytest's comparison of the status a test wanted with the one it got: `assert 409 == 200`.
const COMPARED = /\bassert (\d{3}) == (\d{3})\b/;

/**
 * The partial update of python.partial-update, where the code turns the failure into a refusal of
 * its own: every field the client left out is copied as None, the commit fails `NOT NULL`, and an
 * `except IntegrityError:` meant for a duplicate answers 409 → dump with `exclude_unset=True`, so the
 * handler still answers 409 to a real duplicate. Evidence, all required: a PATCH or PUT (the cause's
 * route) answered 409 where a 2xx was wanted (the smoke's expected status, or a test's `assert 409 ==
 * 200`); on its handler's path (two calls deep) a function copying an unfiltered dump onto an
 * existing row with `setattr` that catches `IntegrityError` and raises a 409; a documented request
 * body, when there is one, with optional properties. Otherwise no candidate.
 */
export const pythonPartialUpdateConflict: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'copy only the fields the client sent, instead of nulling the rest into a caught 409',
  evidence: { kinds: ['status_mismatch', 'test_failure'] },
  async *candidates({ cause, operation, tree, python }) {
    const conflicted = cause.violations.some((v) => {
      if (v.actualStatus === 409) return (v.expectedStatus ?? 200) < 300;
      const shown = COMPARED.exec(`${v.message ?? ''}\n${v.traces?.[0]?.exception.message ?? ''}`);
      return !!shown && shown[1] === '409' && /^2\d\d$/.test(shown[2]!);
    });
    if (!conflicted || !python) return;
    const body = objectShape(operation?.requestBody?.schema);
    if (operation && (!body || Object.keys(body.properties).every((p) => body.required.includes(p)))) return;
    for (const route of await causeRoutes(python, cause)) {
      if (!['patch', 'put'].includes(route.method)) continue;
      for (const { file, fn } of await callPath(python, route.file, route.handler, 2)) {
        const source = await tree.read(file);
        if (source === null) continue;
        const { lines, join } = splitSource(source);
        const dump = copiedDump(lines, fn);
        if (!dump || !catchesIntoConflict(lines, fn) || !withExcludeUnset(lines, dump)) continue;
        await tree.write(file, join(lines));
        yield {
          key: ID,
          summary:
            `write only the fields the request sets (${dump.text}(exclude_unset=True)) at ${file}:${dump.line}: ` +
            'the fields left out were nulled and the failed commit answered 409',
          template: { recipe: ID },
        };
        return;
      }
    }
  },
};

// An `except IntegrityError:` block of the function that raises a 409 (`HTTPException(status_code=409, …)`).
function catchesIntoConflict(lines: readonly string[], fn: FunctionSummary): boolean {
  for (let i = fn.bodyLine - 1; i < fn.endLine; i++) {
    const header = /^(\s*)except\s+\(?[\w.]*IntegrityError\b/.exec(lines[i] ?? '');
    if (!header) continue;
    for (let j = i + 1; j < fn.endLine; j++) {
      const line = lines[j] ?? '';
      if (line.trim() === '') continue;
      if (/^\s*/.exec(line)![0].length <= header[1]!.length) break;
      if (/\braise\b.*(?:\b409\b|HTTP_409_)/.test(line)) return true;
    }
  }
  return false;
}

import { splitSource } from '../../python/python-edits.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import type { RepairTemplate } from '../template.js';
import { callPath } from './call-path.js';
import { causeRoutes } from './cause-routes.js';
import { objectShape } from './contract-schema.js';
import { copiedDump, withExcludeUnset } from './partial-update.js';

const ID = 'python.partial-update#guarded';

/**
 * The partial update of python.partial-update, where the code refuses the None it copies itself:
 * `for field, value in payload.model_dump().items(): if value is None: raise HTTPException(422,
 * f"{field} cannot be null")` answers the documented PATCH a 4xx for every field the client left
 * out → dump with `exclude_unset=True`, so a field sent as null is still refused and one left out
 * is left alone. Only for a documented PATCH or PUT whose request body has optional properties,
 * answered 400 or 422 where the contract says 2xx, and a guard on the copied value inside the loop.
 */
export const pythonPartialUpdateGuard: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'copy only the fields the client sent, instead of refusing the None of every field it left out',
  evidence: { kinds: ['status_mismatch'], contract: true },
  async *candidates({ cause, operation, tree, python }) {
    const refused = cause.violations.some(
      (v) => (v.actualStatus === 400 || v.actualStatus === 422) && (v.expectedStatus ?? 200) < 300,
    );
    const body = objectShape(operation?.requestBody?.schema);
    const optional = body ? Object.keys(body.properties).filter((p) => !body.required.includes(p)) : [];
    if (!refused || !operation || !['PATCH', 'PUT'].includes(operation.method) || optional.length === 0) return;
    for (const route of await causeRoutes(python, cause)) {
      for (const { file, fn } of await callPath(python, route.file, route.handler, 2)) {
        const source = await tree.read(file);
        if (source === null) continue;
        const { lines, join } = splitSource(source);
        const dump = copiedDump(lines, fn);
        if (!dump || !refusesNone(lines, fn, dump.line) || !withExcludeUnset(lines, dump)) continue;
        await tree.write(file, join(lines));
        yield {
          key: ID,
          summary:
            `write only the fields the request sets (${dump.text}(exclude_unset=True)) at ${file}:${dump.line}: ` +
            'its loop refuses the None of every field left out',
          template: { recipe: ID },
        };
        return;
      }
    }
  },
};

// The loop over the dump's items raises when the copied value is None (`if value is None: raise …`).
function refusesNone(lines: readonly string[], fn: FunctionSummary, dumpLine: number): boolean {
  const loop = /^(\s*)for\s+\w+\s*,\s*(\w+)\s+in\s+[\w.]+(?:\([^()]*\))?\.items\(\)\s*:/;
  for (let i = dumpLine - 1; i < fn.endLine; i++) {
    const header = loop.exec(lines[i] ?? '');
    if (!header) continue;
    const guard = new RegExp(`^\\s*if\\s+${header[2]!}\\s+is\\s+None\\s*:\\s*(raise\\b)?`);
    for (let j = i + 1; j < fn.endLine; j++) {
      const line = lines[j] ?? '';
      if (line.trim() === '') continue;
      if (/^\s*/.exec(line)![0].length <= header[1]!.length) break;
      const found = guard.exec(line);
      if (found && (found[1] || /^\s*raise\b/.test(lines[j + 1] ?? ''))) return true;
    }
  }
  return false;
}

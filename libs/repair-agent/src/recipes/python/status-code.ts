import { byteColumnToIndex, splitSource } from '../../python/python-edits.js';
import type { Recipe } from '../recipe.js';
import { findRoute } from './route-match.js';

/**
 * A documented success status is not the one returned (201 documented, 200 sent) → return it:
 * on the handler's explicit `…Response(...)`, or on the route decorator.
 */
export const pythonStatusCode: Recipe = {
  id: 'python.status-code',
  language: 'python',
  summary: 'return the documented status code',
  async apply({ cause, tree, python }) {
    if (cause.kind !== 'status_mismatch') return null;
    const violation = cause.violations[0];
    const expected = violation?.expectedStatus;
    const actual = violation?.actualStatus;
    if (!violation || !expected || !actual || expected >= 300 || actual >= 300) return null;
    const route = await findRoute(python, violation.endpoint);
    if (!route) return null;
    const source = await tree.read(route.file);
    if (source === null) return null;
    const declared = route.decorator.keywords['status_code'];
    const value = declared && declaresStatus(declared, expected) ? declared : String(expected);
    const { lines, join } = splitSource(source);
    const responses = route.handler.calls.filter((c) => /Response$/.test(c.name) && route.handler.returns.some((r) => r.line <= c.line && c.line <= r.endLine));
    let changed = false;
    for (const call of responses) {
      const span = lines.slice(call.line - 1, call.endLine).join('\n');
      if (/status_code\s*=/.test(span)) continue;
      const i = call.endLine - 1;
      const end = byteColumnToIndex(lines[i]!, call.endCol) - 1;
      if (lines[i]![end] !== ')') continue;
      const empty = /\(\s*$/.test(lines[i]!.slice(0, end)) && call.line === call.endLine;
      lines[i] = `${lines[i]!.slice(0, end)}${empty ? '' : ', '}status_code=${value}${lines[i]!.slice(end)}`;
      changed = true;
    }
    if (!changed && !declared) {
      const i = route.decorator.endLine - 1;
      const end = lines[i]!.lastIndexOf(')');
      if (end < 0) return null;
      lines[i] = `${lines[i]!.slice(0, end)}, status_code=${expected}${lines[i]!.slice(end)}`;
      changed = true;
    }
    if (!changed) return null;
    await tree.write(route.file, join(lines));
    return {
      summary: `return ${expected} from ${route.handler.name} (${violation.endpoint}) in ${route.file}`,
      template: { recipe: 'python.status-code', expected },
    };
  },
};

function declaresStatus(expression: string, status: number): boolean {
  return expression === String(status) || new RegExp(`HTTP_${status}(_|$)`).test(expression);
}

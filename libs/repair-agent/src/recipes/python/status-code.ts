import { byteColumnToIndex, splitSource } from '../../python/python-edits.js';
import { addKeywordArgument, closingParen } from '../../templates/python/call-keyword.js';
import { documents } from '../../templates/python/contract-schema.js';
import type { Recipe } from '../recipe.js';
import { findRoute } from './route-match.js';
import { passStatusToHelpers } from './status-helper.js';

/**
 * A documented success status is not the one returned (201 documented, 200 sent) → return it:
 * on the handler's explicit `…Response(...)`, and on the route decorator when the handler also
 * returns plain values (a model, a dict) that FastAPI wraps with the decorator's status — or on
 * the `router.add_api_route(path, handlers.x, …)` call that registers a handler of another
 * module; or on the returned call of a project helper that takes `status_code` and builds the
 * response itself (`return json_ok(berth)`). Calls and decorators may span lines; the keyword goes after their last
 * argument, in their layout.
 */
export const pythonStatusCode: Recipe = {
  id: 'python.status-code',
  language: 'python',
  summary: 'return the documented status code',
  async apply({ cause, tree, python, exception, operation, culprit }) {
    const violation = cause.violations[0];
    let expected = violation?.expectedStatus;
    let actual = violation?.actualStatus;
    if (cause.kind === 'test_failure') {
      // A test's `assert response.status_code == 201` fails as `assert 200 == 201`: sent, then expected —
      // trusted when the failing line compares a response's status_code (the test is the spec; a
      // contract FastAPI generates from the code documents the bug's 200), or when the contract
      // documents the expected status for the operation the test exercised.
      const asserted =
        exception?.type === 'AssertionError' ? /^assert (2\d\d) == (2\d\d)\b/.exec(exception.message.trim()) : null;
      const line = culprit ? (splitSource((await tree.read(culprit.file)) ?? '').lines[culprit.line - 1] ?? '') : '';
      const onStatus = /^\s*assert\s+[\w.]+\.status_code\s*==\s*(\d{3})\b/.exec(line)?.[1];
      if (!asserted || !(onStatus === asserted[2] || documents(operation ?? null, Number(asserted[2])))) return null;
      actual = Number(asserted[1]);
      expected = Number(asserted[2]);
    } else if (cause.kind !== 'status_mismatch') return null;
    if (!violation || !expected || !actual || expected >= 300 || actual >= 300 || expected === actual) return null;
    // A test's violation is named by its node id; the operation it exercised is the endpoint.
    const endpoint = cause.kind === 'test_failure' ? operation?.endpoint : violation.endpoint;
    const route = endpoint ? await findRoute(python, endpoint) : undefined;
    if (!route) return null;
    const source = await tree.read(route.file);
    if (source === null) return null;
    const declared = route.decorator.keywords['status_code'] ?? undefined;
    const value = declared && declaresStatus(declared, expected) ? declared : String(expected);
    const { lines, join } = splitSource(source);
    // A Response returned directly, or built into a variable the handler returns
    // (`response = JSONResponse(…)`; `return response`).
    const returnedNames = new Set(
      route.handler.returns
        .map((r) => /^\s*return\s+(\w+)\s*(?:#.*)?$/.exec(lines[r.line - 1] ?? '')?.[1])
        .filter((n): n is string => n !== undefined),
    );
    const assignedTo = (line: number) =>
      /^\s*(\w+)\s*(?::[^=]*)?=\s*(?:\w+\.)*\w*Response\(/.exec(lines[line - 1] ?? '')?.[1];
    const returned = (line: number) =>
      route.handler.returns.some((r) => r.line <= line && line <= r.endLine) ||
      returnedNames.has(assignedTo(line) ?? '');
    // A `return item` (not a Response) takes the decorator's status. Read before any line moves.
    const returnedByName = (line: number) => {
      const name = /^\s*return\s+(\w+)/.exec(lines[line - 1] ?? '')?.[1];
      return (
        name !== undefined && route.handler.calls.some((c) => /Response$/.test(c.name) && assignedTo(c.line) === name)
      );
    };
    const plainReturn = route.handler.returns.some(
      (r) => !(r.call && /Response$/.test(r.call)) && !returnedByName(r.line),
    );
    // Last first, so an insertion never shifts the lines of a call still to edit.
    const responses = route.handler.calls
      .filter((c) => /Response$/.test(c.name) && returned(c.line))
      .sort((a, b) => b.line - a.line || b.col - a.col);
    let changed = false;
    for (const call of responses) {
      const span = lines.slice(call.line - 1, call.endLine).join('\n');
      // An explicit status that is the one sent (200 where 201 is documented) is the wrong one.
      const explicit = /\bstatus_code\s*=\s*([\w.]+)/.exec(span)?.[1];
      if (explicit) {
        if (declaresStatus(explicit, actual))
          changed = replaceDeclared(lines, call.line, call.endLine, expected) || changed;
        continue;
      }
      const close = { line: call.endLine - 1, index: byteColumnToIndex(lines[call.endLine - 1]!, call.endCol) - 1 };
      if (lines[close.line]![close.index] !== ')') continue;
      addKeywordArgument(lines, call.line - 1, close, `status_code=${value}`);
      changed = true;
    }
    // `return json_ok(berth)`: a project helper that takes the status and overrides the route's.
    if (!changed) changed = await passStatusToHelpers(python, lines, route.handler, value);
    // The registration may be in another module than the handler (`router.add_api_route(path, handlers.x, …)`).
    const registration = route.decoratorFile
      ? splitSource((await tree.read(route.decoratorFile)) ?? '')
      : { lines, join };
    let registered = false;
    if ((plainReturn || !changed) && !(declared && declaresStatus(declared, expected))) {
      const at = registration.lines;
      registered = declared
        ? replaceDeclared(at, route.decorator.line, route.decorator.endLine, expected)
        : addToDecorator(at, route.decorator.line, expected);
    }
    if (!changed && !registered) return null;
    if (changed || !route.decoratorFile) await tree.write(route.file, join(lines));
    if (registered && route.decoratorFile) await tree.write(route.decoratorFile, registration.join(registration.lines));
    return {
      summary: `return ${expected} from ${route.handler.name} (${endpoint}) in ${route.file}`,
      template: { recipe: 'python.status-code', expected },
    };
  },
};

function declaresStatus(expression: string, status: number): boolean {
  return expression === String(status) || new RegExp(`HTTP_${status}(_|$)`).test(expression);
}

// `@router.post(...)` or `router.add_api_route(...)` on `line` (1-based), maybe spanning lines with a trailing comma.
function addToDecorator(lines: string[], line: number, expected: number): boolean {
  const open = lines[line - 1]!.indexOf('(');
  const close = open < 0 ? null : closingParen(lines, line, open);
  if (!close) return false;
  addKeywordArgument(lines, line - 1, close, `status_code=${expected}`);
  return true;
}

// `status_code=200` on the decorator while 201 is documented.
function replaceDeclared(lines: string[], line: number, endLine: number, expected: number): boolean {
  for (let i = line - 1; i < endLine; i++) {
    const next = lines[i]!.replace(/\bstatus_code(\s*=\s*)[\w.]+/, `status_code$1${expected}`);
    if (next !== lines[i]) {
      lines[i] = next;
      return true;
    }
  }
  return false;
}

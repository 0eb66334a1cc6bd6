import { byteColumnToIndex } from '../../python/python-edits.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import type { PythonProject } from '../../python/python-project.js';
import { addKeywordArgument } from '../../templates/python/call-keyword.js';

/**
 * `return json_ok(berth)`: the handler returns what a project helper builds, and the helper takes
 * the status as a parameter (`def json_ok(body, status_code: int = 200) -> JSONResponse`) that
 * overrides the route's declared status → `status_code=<value>` on each such returned call that
 * does not pass it yet (by keyword or position). Edits `lines` in place; true when one changed.
 */
export async function passStatusToHelpers(
  python: PythonProject,
  lines: string[],
  handler: FunctionSummary,
  value: string,
): Promise<boolean> {
  const returned = handler.calls
    .filter((c) => !/Response$/.test(c.name) && handler.returns.some((r) => r.call === c.name && r.line === c.line))
    .sort((a, b) => b.line - a.line || b.col - a.col);
  let changed = false;
  for (const call of returned) {
    const name = call.name.replace(/^.*\./, '');
    const defs = (await python.definitionsOf(name)).filter((d) => d.kind === 'function');
    const helper =
      defs.length === 1
        ? (await python.modules()).get(defs[0]!.file)?.functions.find((f) => f.name === name && f.qualname === name)
        : undefined;
    const position = helper?.params.indexOf('status_code') ?? -1;
    if (
      !helper ||
      position < 0 ||
      call.keywords.includes('status_code') ||
      call.starKwargs.length > 0 ||
      positionals(callText(lines, call)) > position
    )
      continue;
    const close = { line: call.endLine - 1, index: byteColumnToIndex(lines[call.endLine - 1]!, call.endCol) - 1 };
    if (lines[close.line]![close.index] !== ')') continue;
    addKeywordArgument(lines, call.line - 1, close, `status_code=${value}`);
    changed = true;
  }
  return changed;
}

// The call's source, from its callee to its closing paren.
function callText(lines: readonly string[], call: FunctionSummary['calls'][number]): string {
  const span = lines.slice(call.line - 1, call.endLine);
  span[span.length - 1] = span[span.length - 1]!.slice(0, byteColumnToIndex(lines[call.endLine - 1]!, call.endCol));
  span[0] = span[0]!.slice(byteColumnToIndex(lines[call.line - 1]!, call.col));
  return span.join('\n');
}

// How many positional arguments a call's text passes (top-level commas, keywords and stars aside).
function positionals(text: string): number {
  const open = text.indexOf('(');
  const inner = open < 0 ? '' : text.slice(open + 1, text.lastIndexOf(')'));
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of inner) {
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.filter((p) => p.trim() !== '' && !/^\s*\*|^\s*\w+\s*=(?!=)/.test(p)).length;
}

/**
 * `smoke.json`: the `SmokeResult` as JSON (schema: `smokeResultJsonSchema()`), complete — every
 * scenario and violation with its traces, which smoke.html and the terminal only summarise. One
 * line, not indented: indentation was a third of its bytes (8.5 → 6.0 MB for 1005 scenarios);
 * `jq . smoke.json` pretty-prints it.
 */
import type { SmokeResult } from '../smoke-result.js';

/** The text of smoke.json: compact JSON, one line and a newline. */
export function renderJsonReport(result: SmokeResult): string {
  return `${JSON.stringify(result)}\n`;
}

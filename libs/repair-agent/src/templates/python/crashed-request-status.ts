import { splitSource } from '../../python/python-edits.js';
import type { TemplateContext } from '../template.js';

// A client request in a test: `client.get(url)`, `api.delete(...)`; its receiver is named like a client.
const REQUEST = /(?<![\w.])\w*client\w*\.(?:get|post|put|patch|delete|request)\(/i;

/**
 * The status a failing test asserts for the request whose exception it died on (test-command
 * mode: the test client re-raises the app's exception at the test's request line). The test's
 * innermost frame is on the request, and either asserts on it there (`assert
 * client.get(url).status_code == 404`) or assigns it (`r = client.get(url)`) and the test's next
 * statement on that name is `assert r.status_code == 404`. Null when the test says nothing about
 * that request's status: an assertion that is not the next use of the response, a later request
 * reusing the name, or no test frame.
 */
export async function crashedRequestStatus(context: Pick<TemplateContext, 'cause' | 'tree'>): Promise<number | null> {
  const found = await crashedRequestUses(context);
  if (!found) return null;
  if (found.inline) return Number(found.inline);
  const asserted = new RegExp(`^\\s*assert\\s+${found.name}\\.status_code\\s*==\\s*(\\d{3})\\b`).exec(
    found.uses[0] ?? '',
  );
  return asserted?.[1] ? Number(asserted[1]) : null;
}

/**
 * The `detail` a failing test asserts its crashed request answers (`assert r.json() == {"detail": "Badge number
 * already in use"}`, or `assert r.json()["detail"] == "…"`), among the statements using the response before the
 * name is bound again; null when the test asserts none (the answer's words are then the template's to choose).
 */
export async function crashedRequestDetail(context: Pick<TemplateContext, 'cause' | 'tree'>): Promise<string | null> {
  const found = await crashedRequestUses(context);
  if (!found?.name) return null;
  const n = found.name;
  const whole = new RegExp(
    String.raw`^\s*assert\s+${n}\.json\(\)\s*==\s*\{\s*["']detail["']\s*:\s*("[^"\\]*"|'[^'\\]*')\s*\}`,
  );
  const field = new RegExp(String.raw`^\s*assert\s+${n}\.json\(\)\[["']detail["']\]\s*==\s*("[^"\\]*"|'[^'\\]*')\s*$`);
  for (const use of found.uses) {
    const literal = whole.exec(use)?.[1] ?? field.exec(use)?.[1];
    if (literal) return literal.slice(1, -1);
  }
  return null;
}

// The crashed request's line in the failing test, the name its response is bound to, and the test's later
// statements using that name (up to the test's end or the name's next binding); `inline` for a status asserted on
// the request line itself.
async function crashedRequestUses({
  cause,
  tree,
}: Pick<TemplateContext, 'cause' | 'tree'>): Promise<{ name: string; inline?: string; uses: string[] } | null> {
  const nodeid = cause.violations.find((v) => v.nodeid)?.nodeid;
  if (!nodeid) return null;
  const testFile = nodeid.split('::')[0]!;
  const frames = cause.trace?.frames ?? cause.violations.flatMap((v) => v.traces.flatMap((t) => t.frames));
  const frame = [...frames].reverse().find((f) => f.file === testFile || f.file.endsWith(`/${testFile}`));
  const source = frame ? await tree.read(testFile) : null;
  if (!frame || source === null) return null;
  const { lines } = splitSource(source);
  const line = lines[frame.line - 1] ?? '';
  if (!REQUEST.test(line)) return null;
  const inline = /^\s*assert\s+.*\)\.status_code\s*==\s*(\d{3})\b/.exec(line)?.[1];
  if (inline) return { name: '', inline, uses: [] };
  const name = /^\s*(\w+)\s*=\s*(?:await\s+)?[\w.]+\(/.exec(line)?.[1];
  if (!name) return null;
  const indent = /^\s*/.exec(line)![0].length;
  const uses: string[] = [];
  for (let i = frame.line; i < lines.length; i++) {
    const next = lines[i]!;
    if (next.trim() === '' || next.trim().startsWith('#')) continue;
    // The test's body ended, or the response's name is bound again.
    if (/^\s*/.exec(next)![0].length < indent || new RegExp(`^\\s*${name}\\s*=(?!=)`).test(next)) break;
    if (new RegExp(`\\b${name}\\b`).test(next)) uses.push(next);
  }
  return { name, uses };
}

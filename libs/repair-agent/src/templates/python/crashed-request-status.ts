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
export async function crashedRequestStatus({
  cause,
  tree,
}: Pick<TemplateContext, 'cause' | 'tree'>): Promise<number | null> {
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
  if (inline) return Number(inline);
  const name = /^\s*(\w+)\s*=\s*(?:await\s+)?[\w.]+\(/.exec(line)?.[1];
  if (!name) return null;
  const indent = /^\s*/.exec(line)![0].length;
  for (let i = frame.line; i < lines.length; i++) {
    const next = lines[i]!;
    if (next.trim() === '' || next.trim().startsWith('#')) continue;
    // The test's body ended, or the first statement that uses the response is not its status check.
    if (/^\s*/.exec(next)![0].length < indent || new RegExp(`^\\s*${name}\\s*=(?!=)`).test(next)) return null;
    if (!new RegExp(`\\b${name}\\b`).test(next)) continue;
    const asserted = new RegExp(`^\\s*assert\\s+${name}\\.status_code\\s*==\\s*(\\d{3})\\b`).exec(next)?.[1];
    return asserted ? Number(asserted) : null;
  }
  return null;
}

import { lineText, offsetOf, replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';

const ID = 'node.json-parse-parsed';
const MALFORMED = /JSON|Unexpected token|Unexpected end of/;
// Names every kind of object literal uses (`return { data: [] }`): no evidence about one stored field.
const GENERIC = new Set(['data', 'items', 'value', 'values', 'result', 'results', 'body', 'payload', 'rows', 'list']);
// `JSON.parse(show.hosts)`, `JSON.parse(row['tags'])`: one stored field parsed.
const PARSE = new RegExp(
  String.raw`\bJSON\.parse\(\s*([A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*?` +
    String.raw`(?:\??\.([A-Za-z_$][\w$]*)|\[\s*(['"])([\w$]+)\3\s*\]))\s*\)`,
  'g',
);

// `String()` of a plain object, as Node 20 (`"[object Object]" is not valid JSON`) and older Nodes
// (`Unexpected token o in JSON at position 1`) report it: the value parsed was an object already.
const OBJECT_TEXT = /"\[object Object\]" is not valid JSON|Unexpected token o in JSON at position 1\b/;
// Request data is the client's: a body that is not the JSON text expected is json-parse-guard's 4xx.
const REQUEST = /^(?:req|request)\./;

/**
 * `SyntaxError: … is not valid JSON` from `JSON.parse(show.hosts)` where the project keeps that
 * field parsed — every object literal that sets it (a seed, a create) gives it an array or object
 * (`hosts: ['Ada', 'Kofi']`, `hosts: body.hosts.map(…)`), none a string nor `JSON.stringify(…)`:
 * `JSON.parse` turns the array into `"Ada,Kofi"` text first and fails on it → read the field as it
 * is stored (`show.hosts`). One parse on the culprit line; a field the code ever stores as text
 * (a string, any `JSON.stringify(…)` of it, a `string` type), never sets, or names too generically
 * (`data`, `items`) is left to json-parse-guard. A message showing the text parsed was
 * `"[object Object]"` proves the value was an object whatever its declared type (a record typed
 * `limits: string` filled from a JSON seed holding an object): it is read as it is when it is not
 * text, `typeof x === 'string' ? JSON.parse(x) : x` (`#object`), which text still parses and which
 * type-checks under TypeScript against the `string` type; never for request data.
 */
export const nodeJsonParseParsed: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'read a field the project stores parsed instead of JSON.parse-ing it again',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['SyntaxError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    if (!culprit || !exception || !MALFORMED.test(exception.message)) return;
    const source = await tree.read(culprit.file);
    const found = source === null ? null : parseOnLine(source, culprit.line);
    if (source === null || !found) return;
    const { parse, field, start } = found;
    const at = `${culprit.file}:${culprit.line}`;
    if (OBJECT_TEXT.test(exception.message)) {
      if (REQUEST.test(parse[1]!)) return;
      await tree.write(culprit.file, readAsIs(source, start, start + parse[0].length, parse[1]!));
      yield {
        key: `${ID}#object`,
        summary: `read ${parse[1]} as it is when it is an object already, parse only text (${at})`,
        template: { recipe: `${ID}#object`, field },
      };
      return;
    }
    if (GENERIC.has(field) || !(await storedParsed(tree, field))) return;
    await tree.write(culprit.file, replaceRange(source, start, start + parse[0].length, parse[1]!));
    yield {
      key: ID,
      summary: `read ${parse[1]} as stored (an array or object, not JSON text) at ${culprit.file}:${culprit.line}`,
      template: { recipe: ID, field },
    };
  },
};

/**
 * The one `JSON.parse(x.field)` (or `JSON.parse(x['field'])`) on a line: its match (`[1]` the value
 * parsed), the field, and its offset in the source; null for none or several.
 */
export function parseOnLine(
  source: string,
  line: number,
): { parse: RegExpExecArray; field: string; start: number } | null {
  const parses = [...lineText(source, line).matchAll(PARSE)];
  if (parses.length !== 1) return null;
  const parse = parses[0]! as RegExpExecArray;
  return { parse, field: (parse[2] ?? parse[4])!, start: offsetOf(source, line) + parse.index };
}

// Whether every `field:` the project's object literals set is an array or object (at least one).
async function storedParsed(tree: SourceTree, field: string): Promise<boolean> {
  const set = new RegExp(`(?<![\\w$.])${field}\\s*:\\s*(\\S)`, 'g');
  let parsed = 0;
  for (const file of await projectSourceFiles(tree)) {
    const text = (await tree.read(file)) ?? '';
    if (!text.includes(field)) continue;
    // Any stringify of the field (`hosts: JSON.stringify(…)`, `.run(title, JSON.stringify(s.hosts))`): text.
    if (new RegExp(`JSON\\.stringify\\([^;\\n]*\\b${field}\\b`).test(text)) return false;
    for (const m of text.matchAll(set)) {
      const rest = text.slice(m.index + m[0].length - 1, m.index + m[0].length + 200);
      if (/^[[{]/.test(rest) || /^[\w$.]+\.(?:map|filter|slice|concat)\(/.test(rest) || /^\[\.\.\./.test(rest))
        parsed++;
      else if (/^['"`]/.test(rest) || /^string\b(?!\s*\[)/.test(rest)) return false;
    }
  }
  return parsed > 0;
}

// `JSON.parse(x)` → `(typeof x === 'string' ? JSON.parse(x) : x)`, in the file's quotes; always in
// parentheses, so an operator on either side (`1 + JSON.parse(x)`, `… as Limits`) keeps its operand.
function readAsIs(source: string, start: number, end: number, value: string): string {
  const q = /\bfrom\s+"|\brequire\("/.test(source) ? '"' : "'";
  return replaceRange(
    source,
    start,
    end,
    `(typeof ${value} === ${q}string${q} ? ${source.slice(start, end)} : ${value})`,
  );
}

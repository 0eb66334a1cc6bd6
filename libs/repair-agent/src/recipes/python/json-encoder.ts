import { addFromImport, byteColumnToIndex, splitSource } from '../../python/python-edits.js';
import type { ParsedModule } from '../../python/module-summary.js';
import { closingParen } from '../../templates/python/call-keyword.js';
import type { RepairTemplate, TemplateCandidate } from '../../templates/template.js';

// Stands for a multi-line content literal in an encoding's text (split around it).
const HOLE = '\u0000';

/**
 * `TypeError: Object of type X is not JSON serializable` raised for a response the app builds
 * itself. Candidates, best first, each serialising the way the documented body expects:
 * - `content=obj.model_dump(...)` → `obj.model_dump(..., mode="json")` (pydantic's JSON mode:
 *   Decimal as the string its schema documents, datetime as ISO text);
 * - a plain value in a handler with `response_model=Model` → `Model.model_validate(value)
 *   .model_dump(mode="json", by_alias=True)`, what FastAPI itself sends for that route (by alias:
 *   a camelCase alias generator is the wire format); `response_model=list[Model]`: each item so;
 * - else (or if those fail) FastAPI's `jsonable_encoder(value)`;
 * - `json.dumps(x)` → `json.dumps(x, default=str)`.
 */
export const pythonJsonEncoder: RepairTemplate = {
  id: 'python.json-encoder',
  language: 'python',
  summary: "serialise response content the way the route's response model (or the framework) would",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    if (!culprit || !/is not JSON serializable/.test(exception?.message ?? '')) return;
    const module = (await python.modules()).get(culprit.file);
    const fn = await python.functionAt(culprit.file, culprit.line);
    const source = await tree.read(culprit.file);
    if (!module || !fn || source === null) return;
    const calls = fn.calls.filter((c) => c.line <= culprit.line && culprit.line <= c.endLine);
    // `Response(content=json.dumps(x))`: the error is raised by dumps, so dumps gets the default.
    const dumps = calls.find((c) => c.name === 'dumps');
    const response = dumps ? undefined : calls.find((c) => /Response$/.test(c.name));
    if (response) {
      const { lines } = splitSource(source);
      for (let i = response.line - 1; i < response.endLine; i++) {
        const start = i === response.line - 1 ? byteColumnToIndex(lines[i]!, response.col) : 0;
        const at = lines[i]!.indexOf('content=', start);
        if (at < 0) continue;
        const valueStart = at + 'content='.length;
        const valueEnd = expressionEnd(lines[i]!, valueStart);
        const responseModel =
          fn.decorators.find((d) => d.keywords['response_model'])?.keywords['response_model'] ?? null;
        if (valueEnd < 0) {
          // `content={` … `}` over several lines: the literal is wrapped where it opens and closes.
          const close = /^[[{]/.test(lines[i]!.slice(valueStart)) ? closingParen(lines, i + 1, valueStart) : null;
          if (!close || close.line === i) return;
          for (const variant of encodings(HOLE, responseModel, module)) {
            const [before, after] = variant.text.split(HOLE) as [string, string];
            const edited = [...lines];
            edited[i] = `${lines[i]!.slice(0, valueStart)}${before}${lines[i]!.slice(valueStart)}`;
            edited[close.line] =
              `${lines[close.line]!.slice(0, close.index + 1)}${after}${lines[close.line]!.slice(close.index + 1)}`;
            let out = splitSource(source).join(edited);
            if (variant.mode === 'encoder') out = addFromImport(out, module, 'fastapi.encoders', 'jsonable_encoder');
            await tree.write(culprit.file, out);
            yield candidate(
              variant.mode,
              `${variant.summary} for the ${response.name} content at ${culprit.file}:${i + 1}`,
            );
          }
          return;
        }
        const value = lines[i]!.slice(valueStart, valueEnd);
        if (value.startsWith('jsonable_encoder(') || /\bmode\s*=/.test(value)) return;
        const variants = encodings(value, responseModel, module);
        for (const variant of variants) {
          const edited = [...lines];
          edited[i] = `${lines[i]!.slice(0, valueStart)}${variant.text}${lines[i]!.slice(valueEnd)}`;
          let out = splitSource(source).join(edited);
          if (variant.mode === 'encoder') out = addFromImport(out, module, 'fastapi.encoders', 'jsonable_encoder');
          await tree.write(culprit.file, out);
          yield candidate(
            variant.mode,
            `${variant.summary} for the ${response.name} content at ${culprit.file}:${i + 1}`,
          );
        }
        return;
      }
      return;
    }
    if (dumps) {
      const { lines, join } = splitSource(source);
      const i = dumps.endLine - 1;
      const end = byteColumnToIndex(lines[i]!, dumps.endCol) - 1;
      if (lines[i]![end] !== ')' || /default\s*=/.test(lines.slice(dumps.line - 1, dumps.endLine).join('\n'))) return;
      lines[i] = `${lines[i]!.slice(0, end)}, default=str${lines[i]!.slice(end)}`;
      await tree.write(culprit.file, join(lines));
      yield candidate('dumps-default', `give json.dumps a default at ${culprit.file}:${dumps.line}`);
    }
  },
};

// The first (model-aware) candidate keeps the bare id, so a learned pattern and older reports name it as before.
function candidate(mode: string, summary: string): TemplateCandidate {
  const key = mode === 'encoder' || mode === 'dumps-default' ? `python.json-encoder#${mode}` : 'python.json-encoder';
  return { key, summary, template: { recipe: key, mode } };
}

function encodings(
  value: string,
  responseModel: string | null,
  module: ParsedModule,
): { mode: string; text: string; summary: string }[] {
  const out: { mode: string; text: string; summary: string }[] = [];
  const dumped = /^(.*\.model_dump\()(.*)\)$/s.exec(value);
  const known = (name: string) =>
    module.defs.some((d) => d.name === name) ||
    module.imports.some((im) => im.names.some((n) => (n.asname ?? n.name) === name));
  if (dumped)
    out.push({
      mode: 'model-json',
      text: `${dumped[1]}${dumped[2]!.trim() ? `${dumped[2]}, ` : ''}mode="json")`,
      summary: 'dump the model in JSON mode',
    });
  else if (responseModel && /^\w+$/.test(responseModel) && known(responseModel)) {
    out.push({
      mode: 'response-model',
      text: `${responseModel}.model_validate(${value}).model_dump(mode="json", by_alias=True)`,
      summary: `serialise through the route's response model ${responseModel}`,
    });
  } else {
    // `response_model=list[Model]`: each item through the model (jsonable_encoder would send a Decimal as a number).
    const item = /^(?:list|List|typing\.List)\[\s*(\w+)\s*\]$/.exec(responseModel ?? '')?.[1];
    if (item && known(item))
      out.push({
        mode: 'response-model',
        text: eachThrough(value, `${item}.model_validate(%).model_dump(mode="json", by_alias=True)`),
        summary: `serialise each item through the route's response model ${item}`,
      });
  }
  out.push({ mode: 'encoder', text: `jsonable_encoder(${value})`, summary: 'encode with jsonable_encoder' });
  return out;
}

// `[f(x) for x in xs]` → `[wrap(f(x)) for x in xs]`; any other list value → `[wrap(item) for item in value]`.
function eachThrough(value: string, wrap: string): string {
  const comprehension = /^\[\s*(.+?)\s+for\s+(\w+(?:\s*,\s*\w+)*)\s+in\s+(.+)\]$/s.exec(value);
  const balanced = (text: string) =>
    [...text].reduce((d, c) => d + ('([{'.includes(c) ? 1 : ')]}'.includes(c) ? -1 : 0), 0) === 0;
  if (comprehension && balanced(comprehension[1]!) && balanced(comprehension[3]!))
    return `[${wrap.replace('%', () => comprehension[1]!)} for ${comprehension[2]} in ${comprehension[3]}]`;
  return `[${wrap.replace('%', () => 'item')} for item in ${value}]`;
}

// End index of a Python expression starting at `start`: the first top-level `,` or unmatched
// closer on the line; -1 when the expression continues past the line.
function expressionEnd(line: string, start: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) {
      if (depth === 0) return i;
      depth--;
    } else if (ch === ',' && depth === 0) return i;
  }
  return depth === 0 ? line.length : -1;
}

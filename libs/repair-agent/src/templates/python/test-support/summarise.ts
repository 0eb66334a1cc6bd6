import type { ApiOperation, ApiResponse } from '@smoke-repair/smoke-validator';
import { memoryTree } from '../../../node/test-support/memory-tree.js';
import type { CallSummary, ClassSummary, FunctionSummary, ParsedModule } from '../../../python/module-summary.js';
import { createPythonProject } from '../../../python/python-project.js';
import { fakeInspector } from '../../../python/test-support/fake-python.js';
import type { RootCause } from '../../../types.js';
import type { TemplateCandidate, TemplateContext, RepairTemplate } from '../../template.js';
import { maskStrings, statementEnd } from '../expression-text.js';

// A small, regex-level stand-in for the Python inspector, enough for the simple, ASCII,
// black-formatted sources of the template tests: one-line imports and signatures, 4-space blocks.

/** The module summary the inspector would give for `source` (the shapes the templates read). */
function summarise(path: string, source: string): ParsedModule {
  const lines = source.split('\n');
  const module: ParsedModule = {
    path,
    imports: [],
    defs: [],
    classes: [],
    functions: [],
    routers: [],
    apps: [],
    includes: [],
  };
  lines.forEach((text, i) => {
    const line = i + 1;
    const from = /^from\s+(\.*)([\w.]*)\s+import\s+(.+)$/.exec(text);
    if (from)
      module.imports.push({
        line,
        endLine: line,
        kind: 'from',
        module: from[2] || null,
        level: from[1]!.length,
        names: from[3]!.split(',').map((n) => ({ name: n.trim(), asname: null })),
      });
    const plain = /^import\s+([\w.]+)$/.exec(text);
    if (plain)
      module.imports.push({
        line,
        endLine: line,
        kind: 'import',
        module: null,
        level: 0,
        names: [{ name: plain[1]!, asname: null }],
      });
    const router = /^(\w+)\s*=\s*APIRouter\((?:prefix="([^"]*)")?/.exec(text);
    if (router) module.routers.push({ var: router[1]!, line, prefix: router[2] ?? '' });
    const app = /^(\w+)\s*=\s*FastAPI\(/.exec(text);
    if (app) module.apps.push({ var: app[1]!, line });
    const def = /^(async\s+)?def\s+(\w+)|^class\s+(\w+)|^(\w+)\s*(?::[^=]+)?=/.exec(text);
    if (def)
      module.defs.push({
        name: (def[2] ?? def[3] ?? def[4])!,
        kind: def[2] ? 'function' : def[3] ? 'class' : 'variable',
        line,
        async: !!def[1],
      });
    const cls = /^(\s*)class\s+(\w+)(?:\((.*)\))?:/.exec(text);
    if (cls)
      module.classes.push(
        classAt(lines, i, cls[1]!.length, cls[2]!, cls[3] ? cls[3].split(',').map((b) => b.trim()) : []),
      );
    const fn = /^(\s*)(async\s+)?def\s+(\w+)\((.*)\).*:\s*$/.exec(text);
    if (fn) module.functions.push(functionAt(lines, i, fn[1]!.length, fn[3]!, fn[4]!, !!fn[2]));
  });
  return module;
}

function blockEnd(lines: readonly string[], start: number, indent: number): number {
  let end = start;
  for (let j = start + 1; j < lines.length; j++) {
    if (lines[j]!.trim() === '') continue;
    if (/^\s*/.exec(lines[j]!)![0].length <= indent) break;
    end = j;
  }
  return end + 1;
}

function classAt(lines: readonly string[], i: number, indent: number, name: string, bases: string[]): ClassSummary {
  const endLine = blockEnd(lines, i, indent);
  const body = lines.slice(i + 1, endLine).filter((l) => /^\s*/.exec(l)![0].length === indent + 4);
  const attributes = body
    .flatMap((l) => /^\s*(\w+)\s*(?::[^=]+)?(?:=|$)/.exec(l)?.[1] ?? [])
    .filter((a) => a !== 'def' && a !== 'pass');
  const methods = body.flatMap((l) => /^\s*(?:async\s+)?def\s+(\w+)/.exec(l)?.[1] ?? []);
  const init = body.map((l) => /^\s*def\s+__init__\(self,?\s*(.*)\)/.exec(l)).find(Boolean);
  const initParams = init
    ? init[1]!
        .split(',')
        .map((p) => /^\s*\*{0,2}(\w+)/.exec(p)?.[1])
        .filter((p): p is string => !!p)
    : null;
  return {
    name,
    line: i + 1,
    endLine,
    bases,
    attributes: attributes.filter((a) => !methods.includes(a)).sort(),
    methods,
    initParams,
  };
}

function functionAt(
  lines: readonly string[],
  i: number,
  indent: number,
  name: string,
  signature: string,
  isAsync: boolean,
): FunctionSummary {
  const endLine = blockEnd(lines, i, indent);
  const params: string[] = [];
  const annotations: Record<string, string | null> = {};
  for (const part of signature.split(/,(?![^[(]*[\])])/)) {
    const m = /^\s*\*{0,2}(\w+)\s*(?::\s*([^=]+?))?\s*(?:=.*)?$/.exec(part);
    if (!m) continue;
    params.push(m[1]!);
    if (m[2]) annotations[m[1]!] = m[2];
  }
  const calls: CallSummary[] = [];
  const returns: FunctionSummary['returns'] = [];
  for (let j = i + 1; j < endLine; j++) {
    const masked = maskStrings(lines[j]!);
    for (const m of masked.matchAll(/([\w.]*?)(\w+)\(/g)) calls.push(callAt(lines, j, m.index!, m[1]! + m[2]!, m[2]!));
    if (/^\s*return\s/.test(lines[j]!))
      returns.push({
        line: j + 1,
        endLine: statementEnd(lines, j + 1),
        call: /^\s*return\s+[\w.]*?(\w+)\(/.exec(lines[j]!)?.[1] ?? null,
      });
  }
  const decorators = [];
  for (let j = i - 1; j >= 0 && /^\s*@/.test(lines[j]!); j--) {
    const d = /^\s*@(\w+)\.(get|post|put|patch|delete)\("([^"]*)"(.*)\)\s*$/.exec(lines[j]!);
    if (d)
      decorators.push({
        line: j + 1,
        endLine: j + 1,
        target: d[1]!,
        method: d[2]!,
        path: d[3]!,
        keywords: Object.fromEntries([...d[4]!.matchAll(/(\w+)=([^,]+)/g)].map((k) => [k[1]!, k[2]!.trim()])),
      });
  }
  const locals = [
    ...new Set(lines.slice(i + 1, endLine).flatMap((l) => /^\s*(\w+)\s*(?::[^=]+)?=(?!=)/.exec(l)?.[1] ?? [])),
  ];
  return {
    name,
    qualname: name,
    line: i + 1,
    endLine,
    bodyLine: i + 2,
    async: isAsync,
    params,
    annotations,
    locals,
    calls,
    returns,
    decorators,
  };
}

function callAt(lines: readonly string[], j: number, col: number, text: string, name: string): CallSummary {
  let depth = 0;
  let keywords: string[] = [];
  const star: string[] = [];
  for (let k = j; k < lines.length; k++) {
    const masked = maskStrings(lines[k]!);
    for (let c = k === j ? col + text.length : 0; c < masked.length; c++) {
      const ch = masked[c]!;
      if ('([{'.includes(ch)) depth++;
      else if (')]}'.includes(ch) && --depth === 0) {
        const span = lines
          .slice(j, k + 1)
          .join('\n')
          .slice(col + text.length + 1, -(lines[k]!.length - c) || undefined);
        keywords = [...span.matchAll(/(?:^|[(,])\s*(\w+)=(?!=)/gm)].map((m) => m[1]!);
        for (const m of span.matchAll(/\*\*([\w.()]+)/g)) star.push(m[1]!);
        return {
          name,
          line: j + 1,
          col,
          endLine: k + 1,
          endCol: c + 1,
          awaited: false,
          text,
          keywords,
          starKwargs: star,
        };
      }
    }
  }
  return { name, line: j + 1, col, endLine: j + 1, endCol: col, awaited: false, text, keywords, starKwargs: star };
}

/** A template context over in-memory sources, summarised as above. */
export function templateContext(
  files: Record<string, string>,
  parts: {
    cause?: Partial<RootCause>;
    culprit?: { file: string; line: number } | null;
    exception?: { type: string; message: string } | null;
    operation?: ApiOperation | null;
  },
): TemplateContext {
  const tree = memoryTree(files);
  const python = createPythonProject(
    tree,
    fakeInspector(Object.entries(files).map(([path, source]) => summarise(path, source))),
  );
  return {
    cause: { kind: 'runtime_error', endpoints: [], violations: [], trace: null, ...parts.cause } as RootCause,
    tree,
    python,
    culprit: parts.culprit ?? null,
    exception: parts.exception ?? null,
    contract: parts.operation ? { openapi: '3.1.0', title: 't', operations: [parts.operation] } : null,
    operation: parts.operation ?? null,
  };
}

/** A documented operation: its endpoint and responses (`{ '200': schema, '404': null }`). */
export function operation(
  endpoint: string,
  responses: Record<string, Record<string, unknown> | null>,
  parameters: string[] = [],
): ApiOperation {
  const [method, path] = endpoint.split(' ') as [string, string];
  return {
    method: method.toLowerCase(),
    path,
    endpoint,
    parameters: parameters.map((name) => ({ name, in: 'path', required: true, schema: { type: 'integer' } })),
    responses: Object.entries(responses).map(
      ([status, schema]): ApiResponse => ({
        status,
        mediaTypes: schema ? ['application/json'] : [],
        ...(schema ? { schema } : {}),
      }),
    ),
  };
}

/** Every candidate of a template with the file it leaves written, rolled back between candidates as the engine does. */
export async function allCandidates(
  template: RepairTemplate,
  context: TemplateContext,
  file: string,
): Promise<{ key: string; source: string | null; candidate: TemplateCandidate }[]> {
  const out: { key: string; source: string | null; candidate: TemplateCandidate }[] = [];
  const mark = context.tree.mark();
  for await (const candidate of template.candidates(context)) {
    out.push({ key: candidate.key, source: await context.tree.read(file), candidate });
    context.tree.rollback(mark);
  }
  return out;
}

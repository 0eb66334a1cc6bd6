import { splitSource } from '../../python/python-edits.js';
import { closestName } from '../../similarity.js';
import type { RepairTemplate } from '../template.js';
import { closingParen, codeEnd } from './call-keyword.js';
import { meantName } from './member-candidates.js';

const ROUTE = [
  'path',
  'response_model',
  'status_code',
  'tags',
  'dependencies',
  'summary',
  'description',
  'response_description',
  'responses',
  'deprecated',
  'operation_id',
  'response_model_include',
  'response_model_exclude',
  'response_model_by_alias',
  'response_model_exclude_unset',
  'response_model_exclude_defaults',
  'response_model_exclude_none',
  'include_in_schema',
  'response_class',
  'name',
  'callbacks',
  'openapi_extra',
  'generate_unique_id_function',
];
const RESPONSE = ['content', 'status_code', 'headers', 'media_type', 'background'];

/**
 * The keyword parameters of the framework callables generated apps call with keywords (FastAPI
 * 0.115 / Starlette 0.46, read with `inspect.signature`), by the name Python's TypeError gives
 * them (`APIRouter.post`, `HTTPException.__init__`). Project callables are python.model-kwargs'.
 */
const SIGNATURES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  ...Object.fromEntries(
    ['APIRouter', 'FastAPI'].flatMap((owner) =>
      ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'api_route'].map((m) => [`${owner}.${m}`, ROUTE]),
    ),
  ),
  'APIRouter.include_router': [
    'router',
    'prefix',
    'tags',
    'dependencies',
    'default_response_class',
    'responses',
    'callbacks',
    'deprecated',
    'include_in_schema',
    'generate_unique_id_function',
  ],
  'FastAPI.include_router': [
    'router',
    'prefix',
    'tags',
    'dependencies',
    'responses',
    'deprecated',
    'include_in_schema',
    'default_response_class',
    'callbacks',
    'generate_unique_id_function',
  ],
  'APIRouter.__init__': [
    'prefix',
    'tags',
    'dependencies',
    'default_response_class',
    'responses',
    'callbacks',
    'routes',
    'redirect_slashes',
    'default',
    'dependency_overrides_provider',
    'route_class',
    'on_startup',
    'on_shutdown',
    'lifespan',
    'deprecated',
    'include_in_schema',
    'generate_unique_id_function',
  ],
  'HTTPException.__init__': ['status_code', 'detail', 'headers'],
  ...Object.fromEntries(
    ['Response', 'JSONResponse', 'HTMLResponse', 'PlainTextResponse', 'ORJSONResponse'].map((r) => [
      `${r}.__init__`,
      RESPONSE,
    ]),
  ),
});

/**
 * `TypeError: APIRouter.post() got an unexpected keyword argument 'responses_model'` (at import)
 * or `HTTPException.__init__() got an unexpected keyword argument 'status'` (at call time) → the
 * callee's real keyword closest in spelling (`response_model`), then in meaning (`status_code`),
 * among those the call does not pass already.
 */
export const pythonKeywordName: RepairTemplate = {
  id: 'python.keyword-name',
  language: 'python',
  summary: "rename a keyword argument to the framework callee's real parameter",
  evidence: {
    kinds: ['runtime_error', 'crash', 'test_failure', 'connection_error'],
    exceptions: ['TypeError'],
    culprit: true,
  },
  async *candidates({ exception, culprit, tree }) {
    const match = /^([\w.]+)\(\) got an unexpected keyword argument '(\w+)'/.exec(exception?.message ?? '');
    const accepted = match ? SIGNATURES[match[1]!] : undefined;
    if (!match || !accepted || !culprit) return;
    const keyword = match[2]!;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const start = culprit.line - 1;
    const open = lines[start]!.indexOf('(');
    const close = open < 0 ? null : closingParen(lines, culprit.line, open);
    const end = close?.line ?? start;
    const span = lines
      .slice(start, end + 1)
      .map((l) => l.slice(0, codeEnd(l)))
      .join('\n');
    const passed = [...span.matchAll(/\b(\w+)\s*=(?!=)/g)].map((m) => m[1]!);
    if (!passed.includes(keyword)) return;
    const free = accepted.filter((a) => !passed.includes(a));
    const spelled = closestName(keyword, free);
    const meant = meantName(keyword, free);
    for (const [variant, replacement] of [
      ['spelling', spelled],
      ['meaning', meant],
    ] as const) {
      if (!replacement) continue;
      const edited = [...lines];
      for (let i = start; i <= end; i++) {
        const next = edited[i]!.replace(new RegExp(`\\b${keyword}(\\s*=)(?!=)`), `${replacement}$1`);
        if (next === edited[i]) continue;
        edited[i] = next;
        break;
      }
      if (join(edited) === source) continue;
      await tree.write(culprit.file, join(edited));
      yield {
        key: `python.keyword-name#${variant}`,
        summary: `pass ${replacement}= for ${keyword}= to ${match[1]} at ${culprit.file}:${culprit.line}`,
        template: { recipe: `python.keyword-name#${variant}`, callee: match[1], from: keyword, to: replacement },
      };
    }
  },
};

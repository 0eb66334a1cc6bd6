import { codeAround } from '../../localize.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RootCause } from '../../types.js';
import type { StrategyContext } from '../strategy.js';
import { handlerContext, type ContextHandler } from './handler-context.js';
import { trimOperation } from './openapi-excerpt.js';

/** A frame of the trace as a file of the app tree (`file` relative to the app root). */
interface ContextFrame {
  readonly file: string;
  readonly line: number;
  readonly function?: string;
  readonly inApp: boolean;
}

/** Source of a function or class named in the trace. */
interface ContextDefinition {
  readonly name: string;
  readonly kind: 'function' | 'class';
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

/** One failing request (or test) with its evidence. */
interface ContextRequest {
  readonly endpoint: string;
  readonly method: string;
  readonly path: string;
  readonly kind: string;
  readonly expectedStatus: number | null;
  readonly actualStatus: number | null;
  readonly message: string;
  readonly responseExcerpt: string;
  readonly reproduce: string;
}

/** An answer of an investigator (seed 004's assisted investigation). */
export interface ContextInvestigation {
  readonly kind: 'private' | 'public';
  readonly answer: string;
}

/**
 * Everything known about one root cause, as the LLM prompt and the agent command (as JSON on
 * stdin and in a file) receive it. Paths are relative to the app root.
 */
export interface RepairContextDocument {
  readonly version: 1;
  readonly attempt: number;
  readonly rootCause: {
    readonly id: string;
    readonly kind: string;
    readonly signature: string;
    readonly endpoints: readonly string[];
  };
  readonly language: string | null;
  readonly exception: { readonly type: string; readonly message: string } | null;
  readonly culprit: { readonly file: string; readonly line: number; readonly function?: string } | null;
  /**
   * For a cause no trace locates (a 404, a 200 where 201 is documented): the handler the route
   * index finds for its endpoint, its mount chain and code (numbered lines).
   */
  readonly handler: (ContextHandler & { readonly code: string | null }) | null;
  /** Up to 40 numbered lines around the culprit (`>` marks its line). */
  readonly code: string | null;
  /** In-app frames, outermost first, culprit last (all frames from the 3rd attempt on). */
  readonly frames: readonly ContextFrame[];
  readonly definitions: readonly ContextDefinition[];
  readonly requests: readonly ContextRequest[];
  /**
   * The OpenAPI operations the failing requests violate, trimmed to what bears on the failure
   * (responses of the expected and actual statuses only; `omitted` names the others), with the
   * schemas the trimmed operation references.
   */
  readonly openapi: readonly {
    readonly endpoint: string;
    readonly operation: unknown;
    readonly schemas: Readonly<Record<string, unknown>>;
    readonly omitted?: readonly string[];
  }[];
  readonly previousAttempts: readonly {
    readonly strategy: string;
    readonly outcome: string;
    readonly detail: string;
  }[];
  readonly investigations: readonly ContextInvestigation[];
  readonly policy: {
    readonly maxFiles: number;
    readonly maxChangedLines: number;
    readonly protectedPaths: readonly string[];
  };
  /** What was left out to fit the prompt budget (`maxPromptTokens`), least useful first; absent when nothing was. */
  readonly trimmed?: readonly string[];
}

/** Where the OpenAPI document comes from: an object, or a path relative to the app root. */
export type OpenApiSource = string | Readonly<Record<string, unknown>>;

const MAX_REQUESTS = 3;
const MAX_EXCERPT = 2_000;
const MAX_DEFINITION_LINES = 60;
const MAX_DEFINITIONS = 6;
const DEFAULT_OPENAPI_FILES = ['openapi.json'];

/** Collects the repair context of one root cause from the tree (read-only). */
export async function buildRepairContext(
  cause: RootCause,
  context: StrategyContext,
  options: { readonly openapi?: OpenApiSource; readonly investigations?: readonly ContextInvestigation[] } = {},
): Promise<RepairContextDocument> {
  const { tree } = context;
  const files = await tree.list();
  const culprit = context.culprit;
  const frames = framesOf(cause, tree.root, files, context.attempt >= 3);
  const handler = cause.trace ? null : await handlerContext(cause, tree, context.python);
  return {
    version: 1,
    attempt: context.attempt,
    rootCause: { id: cause.id, kind: cause.kind, signature: cause.signature.key, endpoints: cause.endpoints },
    language: cause.trace?.language ?? null,
    exception: context.exception,
    culprit: culprit
      ? { file: culprit.file, line: culprit.line, ...(culprit.function ? { function: culprit.function } : {}) }
      : null,
    code: culprit ? await codeAround(tree, culprit, 40) : null,
    handler: handler ? { ...handler, code: await handlerCode(context, handler) } : null,
    frames,
    definitions: await definitionsOf(cause, context, frames),
    requests: cause.violations.slice(0, MAX_REQUESTS).map((v) => ({
      endpoint: v.endpoint,
      method: v.method,
      path: v.path,
      kind: v.kind,
      expectedStatus: v.expectedStatus,
      actualStatus: v.actualStatus,
      message: v.message,
      responseExcerpt:
        v.responseExcerpt.length > MAX_EXCERPT ? `${v.responseExcerpt.slice(0, MAX_EXCERPT)}…` : v.responseExcerpt,
      reproduce: v.reproduce,
    })),
    openapi: await openApiOperations(cause, tree, options.openapi),
    previousAttempts: context.previousAttempts.map((a) => ({
      strategy: a.strategy,
      outcome: a.outcome,
      detail: a.detail,
    })),
    investigations: options.investigations ?? [],
    policy: {
      maxFiles: context.policy.maxFiles,
      maxChangedLines: context.policy.maxChangedLines,
      protectedPaths: [...context.policy.protectedPaths, ...(context.policy.reserved ?? []).map((path) => path.glob)],
    },
  };
}

/** A log's file name as a path of the tree (logs name files as the process saw them). */
function treePathOf(file: string, root: string, files: readonly string[]): string | null {
  const base = root.replace(/\/+$/, '');
  if (file.startsWith(`${base}/`)) return file.slice(base.length + 1);
  return files.filter((f) => file === f || file.endsWith(`/${f}`)).sort((a, b) => b.length - a.length)[0] ?? null;
}

function framesOf(cause: RootCause, root: string, files: readonly string[], all: boolean): ContextFrame[] {
  const out: ContextFrame[] = [];
  for (const frame of cause.trace?.frames ?? []) {
    const inTree = frame.inApp ? treePathOf(frame.file, root, files) : null;
    if (!frame.inApp && !all) continue;
    out.push({
      file: inTree ?? frame.file,
      line: frame.line,
      ...(frame.function ? { function: frame.function } : {}),
      inApp: frame.inApp,
    });
  }
  return out;
}

async function definitionsOf(
  cause: RootCause,
  context: StrategyContext,
  frames: readonly ContextFrame[],
): Promise<ContextDefinition[]> {
  const out: ContextDefinition[] = [];
  const seen = new Set<string>();
  const add = (definition: ContextDefinition): void => {
    const id = `${definition.file}:${definition.line}`;
    if (seen.has(id) || out.length >= MAX_DEFINITIONS) return;
    seen.add(id);
    out.push(definition);
  };
  const python = cause.trace?.language === 'python';
  // Innermost first: the functions nearest the failure matter most.
  for (const frame of [...frames].reverse()) {
    if (!frame.inApp || !frame.function || frame.function === '<module>') continue;
    const code = python ? await pythonFunction(context, frame) : null;
    if (code) add({ name: frame.function, kind: 'function', file: frame.file, line: code.line, code: code.text });
    else {
      const around = await codeAround(context.tree, { file: frame.file, line: frame.line }, 20);
      if (around) add({ name: frame.function, kind: 'function', file: frame.file, line: frame.line, code: around });
    }
  }
  if (python) {
    for (const name of classNamesIn(`${cause.trace?.exception.message ?? ''} ${cause.signature.message}`)) {
      const found = await safely(() => context.python.classNamed(name));
      if (!found) continue;
      const text = await linesOf(context.tree, found.file, found.cls.line, found.cls.endLine);
      if (text) add({ name, kind: 'class', file: found.file, line: found.cls.line, code: text });
    }
  }
  return out;
}

async function pythonFunction(
  context: StrategyContext,
  frame: ContextFrame,
): Promise<{ line: number; text: string } | null> {
  const fn = await safely(() => context.python.functionAt(frame.file, frame.line));
  if (!fn) return null;
  const text = await linesOf(context.tree, frame.file, fn.line, fn.endLine);
  return text ? { line: fn.line, text } : null;
}

async function linesOf(tree: SourceTree, file: string, from: number, to: number): Promise<string | null> {
  const source = await tree.read(file);
  if (source === null) return null;
  const last = Math.min(to, from + MAX_DEFINITION_LINES - 1);
  return source
    .split('\n')
    .slice(from - 1, last)
    .map((text, i) => `${String(from + i).padStart(5)}  ${text}`)
    .join('\n');
}

// CamelCase words of an error message are usually classes (`Order`, `CartItemCreate`).
function classNamesIn(message: string): string[] {
  return [...new Set(message.match(/\b[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)*\b/g) ?? [])]
    .filter((n) => !/Error$|Exception$/.test(n))
    .slice(0, 4);
}

async function safely<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch {
    return undefined;
  }
}

// The handler's function (Python, from the index), else 30 lines from its first (numbered).
async function handlerCode(context: StrategyContext, handler: ContextHandler): Promise<string | null> {
  const fn = handler.file.endsWith('.py')
    ? await safely(() => context.python.functionAt(handler.file, handler.line))
    : undefined;
  if (fn) return linesOf(context.tree, handler.file, fn.line, fn.endLine);
  return linesOf(context.tree, handler.file, handler.line, handler.line + 29);
}

async function openApiOperations(
  cause: RootCause,
  tree: SourceTree,
  source: OpenApiSource | undefined,
): Promise<RepairContextDocument['openapi']> {
  const document = await loadOpenApi(tree, source);
  const paths = document?.['paths'];
  if (!isRecord(paths)) return [];
  const out: { endpoint: string; operation: unknown; schemas: Record<string, unknown>; omitted?: string[] }[] = [];
  for (const endpoint of cause.endpoints) {
    const match = /^([A-Z]+)\s+(\/\S*)$/.exec(endpoint);
    if (!match) continue;
    const item = paths[match[2]!];
    const operation = isRecord(item) ? item[match[1]!.toLowerCase()] : undefined;
    if (operation === undefined) continue;
    const statuses = cause.violations
      .filter((v) => v.endpoint === endpoint)
      .flatMap((v) => [v.expectedStatus, v.actualStatus]);
    const trimmed = trimOperation(operation, statuses);
    out.push({
      endpoint,
      operation: trimmed.operation,
      schemas: referencedSchemas(trimmed.operation, document!),
      ...(trimmed.omitted.length > 0 ? { omitted: trimmed.omitted } : {}),
    });
  }
  return out;
}

async function loadOpenApi(
  tree: SourceTree,
  source: OpenApiSource | undefined,
): Promise<Record<string, unknown> | null> {
  if (source !== undefined && typeof source !== 'string') return source as Record<string, unknown>;
  for (const path of source === undefined ? DEFAULT_OPENAPI_FILES : [source]) {
    const text = await tree.read(path);
    if (text === null) continue;
    try {
      const parsed: unknown = JSON.parse(text);
      if (isRecord(parsed)) return parsed;
    } catch {
      // not JSON: no operation context
    }
  }
  return null;
}

// The component schemas an operation references, followed transitively (bounded).
function referencedSchemas(operation: unknown, document: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const queue = [operation];
  while (queue.length > 0 && Object.keys(out).length < 12) {
    const node = queue.shift();
    for (const ref of refsIn(node)) {
      if (ref in out) continue;
      const target = resolvePointer(document, ref);
      if (target === undefined) continue;
      out[ref] = target;
      queue.push(target);
    }
  }
  return out;
}

function refsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refsIn(item, found);
  else if (isRecord(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) found.push(value);
      else refsIn(value, found);
    }
  }
  return found;
}

function resolvePointer(document: Record<string, unknown>, ref: string): unknown {
  let node: unknown = document;
  for (const part of ref.slice(2).split('/')) {
    if (!isRecord(node)) return undefined;
    node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { parseLogs } from '@smoke-repair/log-parser';
import type { ApiOperation, Violation } from '@smoke-repair/smoke-validator';
import { createNodeProject } from '../../../node/node-project.js';
import { memoryTree } from '../../../node/test-support/memory-tree.js';
import { createPythonProject } from '../../../python/python-project.js';
import { fakeInspector } from '../../../python/test-support/fake-python.js';
import type { SourceTree } from '../../../source/source-tree.js';
import type { RootCause, RootCauseKind } from '../../../types.js';
import type { RepairTemplate, TemplateCandidate, TemplateContext } from '../../template.js';

/** What a unit test says about the failure: its log (a real Node trace, parsed), endpoint, statuses. */
export interface FailureSpec {
  readonly kind: RootCauseKind;
  readonly endpoint: string;
  /** The server log of the request, as Node printed it (paths under /app). */
  readonly log?: string;
  readonly expected?: number;
  readonly actual?: number | null;
  readonly message?: string;
  /** The answer's body, as the smoke kept it. */
  readonly body?: string;
  readonly responses?: readonly string[];
}

/** A template context over in-memory files, its trace parsed from a real-shaped log (test support). */
export function templateContext(
  files: Record<string, string>,
  spec: FailureSpec,
): { context: TemplateContext; tree: SourceTree } {
  const tree = memoryTree(files);
  const trace = spec.log ? (parseLogs(spec.log, { appRoot: '/app' })[0] ?? null) : null;
  const violation = {
    endpoint: spec.endpoint,
    kind: spec.kind === 'runtime_error' ? 'server_error' : spec.kind,
    expectedStatus: spec.expected ?? 200,
    actualStatus: spec.actual === undefined ? 500 : spec.actual,
    message: spec.message ?? '',
    responseExcerpt: spec.body ?? '',
    traces: trace ? [trace] : [],
  } as unknown as Violation;
  const cause = {
    id: 'c1',
    kind: spec.kind,
    trace,
    violations: [violation],
    endpoints: [spec.endpoint],
    signature: trace?.signature,
  } as unknown as RootCause;
  const [method, path] = spec.endpoint.split(' ') as [string, string];
  const operation: ApiOperation = {
    method: method.toLowerCase(),
    path,
    endpoint: spec.endpoint,
    parameters: [],
    responses: (spec.responses ?? [String(spec.expected ?? 200)]).map((status) => ({
      status,
      mediaTypes: ['application/json'],
    })),
  };
  const culprit = trace?.culprit
    ? { file: trace.culprit.file.replace(/^\/app\//, ''), line: trace.culprit.line }
    : null;
  const context: TemplateContext = {
    cause,
    tree,
    python: createPythonProject(tree, fakeInspector([])),
    node: createNodeProject(tree),
    culprit,
    exception: trace ? { type: trace.exception.type, message: trace.exception.message } : null,
    contract: { openapi: '3.0.3', title: 'test', operations: [operation] },
    operation,
  };
  return { context, tree };
}

/** Every candidate of a template, with the files as each left them (the tree rolled back between). */
export async function allCandidates(
  template: RepairTemplate,
  context: TemplateContext,
  paths: readonly string[],
): Promise<{ candidate: TemplateCandidate; files: Record<string, string | null> }[]> {
  const out: { candidate: TemplateCandidate; files: Record<string, string | null> }[] = [];
  const mark = context.tree.mark();
  for await (const candidate of template.candidates(context)) {
    const files: Record<string, string | null> = {};
    for (const p of paths) files[p] = await context.tree.read(p);
    out.push({ candidate, files });
    context.tree.rollback(mark);
  }
  return out;
}

/** A Node crash log: the source line, the exception and frames, as Node 20 prints them. */
export function nodeLog(exception: string, frames: readonly string[]): string {
  return `${exception}\n${frames.map((f) => `    at ${f}`).join('\n')}\n`;
}

/** The operation with a JSON request body of these properties (test support). */
export function withRequestBody(
  operation: ApiOperation,
  properties: Record<string, unknown>,
  required: string[],
): ApiOperation {
  return {
    ...operation,
    requestBody: { required: true, mediaType: 'application/json', schema: { type: 'object', required, properties } },
  };
}

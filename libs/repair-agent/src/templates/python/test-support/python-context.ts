/** A template context over in-memory Python files, indexed by the real `ast` inspector (python3). */
import type { ApiModel, ApiOperation } from '@smoke-repair/smoke-validator';
import { createPythonInspector } from '../../../adapters/python-inspector.js';
import { memoryTree } from '../../../node/test-support/memory-tree.js';
import { createPythonProject } from '../../../python/python-project.js';
import type { Recipe } from '../../../recipes/recipe.js';
import type { RootCause } from '../../../types.js';
import type { RepairTemplate, TemplateContext } from '../../template.js';

const inspector = createPythonInspector();

/** What a unit test gives: files, and the evidence a root cause would carry. */
export interface PythonCase {
  readonly files: Record<string, string>;
  readonly culprit?: { file: string; line: number };
  readonly exception?: { type: string; message: string };
  readonly cause?: Partial<RootCause>;
  readonly operation?: ApiOperation;
  /** The whole contract, when a template reads more than the failing operation (default: that one). */
  readonly contract?: ApiModel;
  /** The contract is the app's own `app.openapi()` (test-command mode without a contract file). */
  readonly contractFromCode?: boolean;
}

/** The context a template sees for the case. */
export function pythonContext(c: PythonCase): TemplateContext {
  const tree = memoryTree(c.files);
  const contract: ApiModel | null =
    c.contract ?? (c.operation ? { openapi: '3.1.0', title: 't', operations: [c.operation] } : null);
  return {
    cause: { kind: 'runtime_error', violations: [], endpoints: [], trace: null, ...c.cause } as RootCause,
    tree,
    python: createPythonProject(tree, inspector),
    culprit: c.culprit ?? null,
    exception: c.exception ?? null,
    contract,
    ...(c.contractFromCode ? { contractFromCode: true } : {}),
    operation: c.operation ?? null,
  };
}

/**
 * Every candidate of a template (or recipe) as `{ key, files }`: the changed files after it, rolled back before the
 * next.
 */
export async function candidatesOf(
  item: RepairTemplate | Recipe,
  c: PythonCase,
): Promise<{ key: string; summary: string; changed: Record<string, string> }[]> {
  const context = pythonContext(c);
  const out: { key: string; summary: string; changed: Record<string, string> }[] = [];
  // rollback(mark) drops the mark's layer: each candidate gets a fresh mark, or the next one's
  // edits would land below it (and look like no edit at all).
  let mark = context.tree.mark();
  const collect = async (key: string, summary: string) => {
    const changed: Record<string, string> = {};
    for (const edit of await context.tree.editsSince(mark)) changed[edit.path] = edit.after ?? '';
    out.push({ key, summary, changed });
    context.tree.rollback(mark);
    mark = context.tree.mark();
  };
  if ('candidates' in item) {
    for await (const candidate of item.candidates(context)) await collect(candidate.key, candidate.summary);
  } else {
    const outcome = await item.apply(context);
    if (outcome) await collect(item.id, outcome.summary);
  }
  return out;
}

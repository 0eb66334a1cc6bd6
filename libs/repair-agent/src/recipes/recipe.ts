import type { ApiOperation } from '@smoke-repair/smoke-validator';
import type { NodeProject } from '../node/node-project.js';
import type { PythonProject } from '../python/python-project.js';
import type { SourceTree } from '../source/source-tree.js';
import type { RootCause } from '../types.js';

/** The culprit frame as a file in the app tree. */
export interface CulpritLocation {
  readonly file: string;
  readonly line: number;
  readonly function?: string;
}

/** What a recipe sees: the root cause, the tree (edits go here) and the project indexes. */
export interface RecipeContext {
  readonly cause: RootCause;
  readonly tree: SourceTree;
  readonly python: PythonProject;
  /** The JavaScript project index (`.js/.mjs/.cjs`); by default one per tree (`nodeProjectFor`). */
  readonly node?: NodeProject;
  readonly culprit: CulpritLocation | null;
  /** The reported exception, short type name (`NameError`, not `builtins.NameError`). */
  readonly exception: { readonly type: string; readonly message: string } | null;
  /** The failing operation as the contract documents it, when the smoke had one. */
  readonly operation?: ApiOperation | null;
}

/** A recipe's fix: what it did, and the bindings a learned pattern keeps. */
export interface RecipeOutcome {
  readonly summary: string;
  readonly template: Readonly<Record<string, unknown>>;
  /** Nothing to do: an earlier patch of this round already fixed it. */
  readonly alreadyFixed?: boolean;
}

/**
 * A deterministic, generic fix for one class of runtime failure. Driven only by the error and
 * the code: never by the names of a particular app. Returns null when it does not apply.
 */
export interface Recipe {
  readonly id: string;
  /** A `LanguageSupport` id (`python`, `node`). */
  readonly language: string;
  readonly summary: string;
  apply(context: RecipeContext): Promise<RecipeOutcome | null>;
}

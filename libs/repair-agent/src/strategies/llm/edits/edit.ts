import { RepairAgentError } from '../../../errors.js';

/** Where an edit came from in the answer (for error messages). */
type EditSource = 'diff' | 'search-replace' | 'whole-file' | 'json';

/**
 * One edit as a model wrote it; `path` is still the model's spelling (resolved against the
 * tree when applied; a diff's `---` path is `altPath` when it differs). `replace`: the `search` lines become the
 * `replace` lines; `create`: a new file; `whole`: the full new content of an existing file.
 */
export type ModelEdit =
  | {
      readonly kind: 'replace';
      readonly source: EditSource;
      readonly path: string;
      readonly altPath?: string;
      readonly search: readonly string[];
      readonly replace: readonly string[];
    }
  | { readonly kind: 'create'; readonly source: EditSource; readonly path: string; readonly content: string }
  | { readonly kind: 'whole'; readonly source: EditSource; readonly path: string; readonly content: string };

/** The edits found in an answer, in answer order; or why there are none. */
export type ParsedEditAnswer =
  | { readonly ok: true; readonly edits: readonly ModelEdit[] }
  | { readonly ok: false; readonly reason: string };

/** An answer's edits could not be applied (`SMOKE_LLM_DIFF_DOES_NOT_APPLY`); `reason` is what the model is told. */
export class EditApplyError extends RepairAgentError {
  constructor(readonly reason: string) {
    super('SMOKE_LLM_DIFF_DOES_NOT_APPLY', reason);
    this.name = 'EditApplyError';
  }
}

/** A file path in a line of prose or a fence header: `app/x.py`, `**app/x.py**`, `File: /app/x.py:`. */
export function pathIn(line: string): string | null {
  const cleaned = line
    .trim()
    .replace(/^(`{3,}|~{3,})[\w+-]*[ :]?/, '')
    .replace(/^#+\s*/, '')
    .replace(/[*`"']/g, ' ')
    .replace(/^\s*(?:file(?:name)?|path)\s*[:=]\s*/i, '')
    .trim();
  const tokens = cleaned.match(/(?:[A-Za-z]:)?[\w@.~/\\-]*[\w-]\.[A-Za-z0-9]{1,8}\b(?![\w/])/g);
  const path = tokens?.at(-1)?.replace(/[:.,;]+$/, '');
  if (!path || /^\d+(\.\d+)*$/.test(path) || /^(e\.g|i\.e)\b/.test(path)) return null;
  return path;
}

/** Normalised line for whitespace-insensitive comparison. */
export function norm(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

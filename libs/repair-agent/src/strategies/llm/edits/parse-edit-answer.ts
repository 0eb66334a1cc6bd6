import { jsonAnswer, stripReasoning } from './answer-text.js';
import type { ModelEdit, ParsedEditAnswer } from './edit.js';
import { jsonEdits } from './json-edits.js';
import { hasSearchReplace, searchReplaceEdits } from './search-replace-edits.js';
import { hasUnifiedDiff, unifiedDiffEdits } from './unified-diff-edits.js';
import { wholeFileEdits } from './whole-file-edits.js';

/**
 * The edits in a model's answer, whatever shape it chose: SEARCH/REPLACE blocks, unified diffs
 * (strict or loose), a JSON wrapper around either, or whole files under their path; reasoning
 * (`<think>`) and prose around them are ignored. Several edits of one file are kept in order.
 */
export function parseEditAnswer(answer: string): ParsedEditAnswer {
  const text = stripReasoning(answer);
  if (text.trim() === '')
    return {
      ok: false,
      reason:
        answer.trim() === ''
          ? 'the answer is empty'
          : 'the answer holds only reasoning (<think>…</think>), no edit after it',
    };
  // JSON first; a fenced JSON block that is not an edit wrapper (a whole package.json, say) falls through.
  const json = jsonAnswer(text);
  const wrapped = json ? jsonEdits(json, textEdits) : null;
  if (wrapped && 'edits' in wrapped && wrapped.edits.length > 0) return { ok: true, edits: wrapped.edits };
  const parsed = textEdits(text);
  if ('error' in parsed) return { ok: false, reason: parsed.error };
  if (parsed.edits.length > 0) return { ok: true, edits: parsed.edits };
  const whole = wholeFileEdits(text);
  if (whole.length > 0) return { ok: true, edits: whole };
  if (wrapped && 'error' in wrapped) return { ok: false, reason: wrapped.error };
  return {
    ok: false,
    reason: 'the answer contains no edit: no SEARCH/REPLACE block, unified diff, or whole file under its path',
  };
}

function textEdits(text: string): { edits: ModelEdit[] } | { error: string } {
  const edits: ModelEdit[] = [];
  if (hasSearchReplace(text)) {
    const blocks = searchReplaceEdits(text);
    if ('error' in blocks) return blocks;
    edits.push(...blocks.edits);
  }
  if (hasUnifiedDiff(text)) {
    const diff = unifiedDiffEdits(text);
    if ('error' in diff) return diff;
    edits.push(...diff.edits);
  }
  return { edits };
}

import type { ModelEdit } from './edit.js';

type Parse = (text: string) => { edits: ModelEdit[] } | { error: string };

/**
 * Edits of a JSON-wrapped answer: `{"diff": "…"}` / `{"patch": "…"}` (parsed as text),
 * `{"edits": [{"path"|"file", "search"|"old"|"original", "replace"|"new"|"updated"}]}`,
 * `{"path", "content"}` (a whole file), or an array of such edits.
 */
export function jsonEdits(
  value: Record<string, unknown> | unknown[],
  parseText: Parse,
): { edits: ModelEdit[] } | { error: string } {
  const items = Array.isArray(value)
    ? value
    : Array.isArray(value['edits'])
      ? (value['edits'] as unknown[])
      : Array.isArray(value['changes'])
        ? (value['changes'] as unknown[])
        : [value];
  const edits: ModelEdit[] = [];
  for (const item of items) {
    if (typeof item === 'string') {
      const parsed = parseText(item);
      if ('error' in parsed) return parsed;
      edits.push(...parsed.edits);
      continue;
    }
    if (typeof item !== 'object' || item === null) return { error: 'a JSON edit that is not an object' };
    const record = item as Record<string, unknown>;
    const text = pick(record, ['diff', 'patch', 'answer', 'edit']);
    const path = pick(record, ['path', 'file', 'filename', 'file_path']);
    const search = pick(record, ['search', 'old', 'original', 'old_string', 'find', 'before']);
    const replace = pick(record, ['replace', 'new', 'updated', 'new_string', 'after', 'replacement']);
    const content = pick(record, ['content', 'contents', 'code', 'new_content']);
    if (path !== null && search !== null && replace !== null) {
      edits.push({ kind: 'replace', source: 'json', path, search: lines(search), replace: lines(replace) });
    } else if (path !== null && content !== null) {
      edits.push({ kind: 'whole', source: 'json', path, content: content.endsWith('\n') ? content : `${content}\n` });
    } else if (text !== null) {
      const parsed = parseText(text);
      if ('error' in parsed) return parsed;
      edits.push(...parsed.edits);
    } else
      return {
        error:
          `a JSON edit without a diff, search/replace or content ` +
          `(keys: ${Object.keys(record).join(', ') || 'none'})`,
      };
  }
  return { edits };
}

function pick(record: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const key of keys) if (typeof record[key] === 'string') return record[key];
  return null;
}

function lines(text: string): string[] {
  const out = text.replace(/\r\n?/g, '\n').split('\n');
  if (out.at(-1) === '') out.pop();
  return out;
}

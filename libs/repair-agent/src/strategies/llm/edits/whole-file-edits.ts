import { fencedBlocks } from './answer-text.js';
import { pathIn, type ModelEdit } from './edit.js';

/**
 * Whole-file answers: a fenced block whose info string (` ```python app/x.py `, ` ```app/x.py `)
 * or preceding line (`app/x.py`, `**app/x.py**`, `Here is the corrected app/x.py:`) names the
 * file. Whether the block really is the whole file is checked when it is applied.
 */
export function wholeFileEdits(text: string): ModelEdit[] {
  const lines = text.split('\n');
  const edits: ModelEdit[] = [];
  for (const fence of fencedBlocks(text)) {
    if (/^(diff|patch|udiff|console|shell|bash|sh)$/i.test(fence.info.split(/\s+/)[0] ?? '')) continue;
    const path = fromInfo(fence.info) ?? lineBefore(lines, fence.line);
    if (!path) continue;
    edits.push({ kind: 'whole', source: 'whole-file', path, content: `${fence.body.replace(/\n+$/, '')}\n` });
  }
  return edits;
}

function fromInfo(info: string): string | null {
  for (const word of info.split(/[\s:]+/)) {
    const path = word.replace(/^(title|file|path)=/, '').replace(/^["']|["']$/g, '');
    if (/[/\\]|\.\w{1,8}$/.test(path) && /\.\w{1,8}$/.test(path)) return pathIn(path);
  }
  return null;
}

function lineBefore(lines: readonly string[], at: number): string | null {
  for (let n = at - 1; n >= 0 && n >= at - 2; n--) {
    const line = lines[n]!.trim();
    if (line === '') continue;
    return line.length <= 160 ? pathIn(line) : null;
  }
  return null;
}

/**
 * A fenced block of an answer: its info string (` ```python app/x.py ` → `python app/x.py`), body, and where it starts.
 */
export interface Fence {
  readonly info: string;
  readonly body: string;
  /** Index of the opening fence line in the answer's lines. */
  readonly line: number;
}

/**
 * The answer without reasoning: `<think>…</think>` (and `<thinking>`, `<reasoning>`) blocks are
 * dropped with any draft edits inside them; a bare `</think>` (servers that strip the opening tag)
 * drops everything before it; an unclosed `<think>` drops the rest (the answer was cut off while
 * thinking). Line endings become `\n`.
 */
export function stripReasoning(answer: string): string {
  let text = answer.replace(/\r\n?/g, '\n');
  text = text.replace(/<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi, '');
  const close = /<\/(think|thinking|reasoning)>/i.exec(text);
  if (close) text = text.slice(close.index + close[0].length);
  const open = /<(think|thinking|reasoning)>/i.exec(text);
  if (open) text = text.slice(0, open.index);
  return text;
}

/** Closed fenced blocks (``` or ~~~, any length), in order. An unclosed fence is not a block. */
export function fencedBlocks(text: string): Fence[] {
  const lines = text.split('\n');
  const out: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^[ \t]{0,3}(`{3,}|~{3,})(.*)$/.exec(lines[i]!);
    if (!open || (open[1]![0] === '`' && open[2]!.includes('`'))) continue;
    const close = new RegExp(`^[ \\t]{0,3}${open[1]![0] === '`' ? '`' : '~'}{${open[1]!.length},}[ \\t]*$`);
    const end = lines.findIndex((l, n) => n > i && close.test(l));
    if (end < 0) break;
    out.push({ info: open[2]!.trim(), body: lines.slice(i + 1, end).join('\n'), line: i });
    i = end;
  }
  return out;
}

/** The JSON object an answer consists of (bare, or in one ```json fence), or null. */
export function jsonAnswer(text: string): Record<string, unknown> | unknown[] | null {
  const trimmed = text.trim();
  const candidates = [
    trimmed,
    ...fencedBlocks(text)
      .filter((f) => /^json\b/i.test(f.info) || /^\s*[{[]/.test(f.body))
      .map((f) => f.body.trim()),
  ];
  for (const candidate of candidates) {
    if (!/^[{[]/.test(candidate)) continue;
    try {
      const value: unknown = JSON.parse(candidate);
      if (typeof value === 'object' && value !== null) return value as Record<string, unknown> | unknown[];
    } catch {
      // not JSON: the next candidate
    }
  }
  return null;
}

/**
 * Renders vitest's and jest's failure text as a V8 stack, the format log-parser reads:
 * jest-junit already holds one; vitest prints `❯ fn file:line:col` lines innermost first.
 */

const V8_FRAME = /^\s+at .+:\d+(?::\d+)?\)?\s*$/m;
const VITEST_FRAME = /^\s*❯\s+(?:(\S+)\s+)?(\S+?):(\d+):(\d+)\s*$/;
const HEADER = /^([A-Za-z_$][\w$.]*(?:Error|Exception)|AssertionError|Error): ?(.*)$/;

/** First line of the error: `Type: message`, split. */
export function splitNodeErrorHeader(text: string): { type: string | null; message: string } {
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const match = HEADER.exec(line.trim());
    return match ? { type: match[1]!, message: match[2] ?? '' } : { type: null, message: line.trim() };
  }
  return { type: null, message: '' };
}

/**
 * A V8 stack for the failure (paths made absolute against `root`), or '' when the text names
 * no frame. `type`/`message` come from the JUnit attributes when the text lacks a header.
 */
export function renderNodeStack(text: string, type: string | null, message: string, root: string): string {
  if (V8_FRAME.test(text)) return text.endsWith('\n') ? text : `${text}\n`;
  const frames: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = VITEST_FRAME.exec(line);
    if (!match) continue;
    const [, fn, file, ln, col] = match;
    const abs = file!.startsWith('/') || file!.startsWith('file:') ? file! : `${root.replace(/\/$/, '')}/${file}`;
    frames.push(fn ? `    at ${fn} (${abs}:${ln}:${col})` : `    at ${abs}:${ln}:${col}`);
  }
  if (frames.length === 0) return '';
  const header = splitNodeErrorHeader(text);
  const headType = header.type ?? type ?? 'Error';
  const headMessage = header.type ? header.message : (message.split(/\r?\n/)[0] ?? '');
  return `${headType}: ${headMessage}\n${frames.join('\n')}\n`;
}

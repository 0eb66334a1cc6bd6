/** Leading whitespace of a line. */
export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/**
 * File columns per model column over matched line pairs `[model indent, file indent]`: the one
 * ratio every pair's depth (relative to the first pair) agrees on — 2 when a model re-indented
 * 4-space code with 2 spaces — else 1 (a plain shift, or no consistent ratio).
 */
export function indentScale(pairs: readonly (readonly [string, string])[]): number {
  if (pairs.length === 0) return 1;
  const [m0, f0] = [widthOf(pairs[0]![0]), widthOf(pairs[0]![1])];
  let scale: number | null = null;
  for (const [model, file] of pairs) {
    const dm = widthOf(model) - m0;
    const df = widthOf(file) - f0;
    if (dm === 0) {
      if (df !== 0) return 1;
      continue;
    }
    const k = df / dm;
    if (scale === null) scale = k;
    else if (scale !== k) return 1;
  }
  return scale !== null && scale > 0 ? scale : 1;
}

/** Indentation width, a tab counting 4. */
export function widthOf(indent: string): number {
  let width = 0;
  for (const c of indent) width += c === '\t' ? 4 : 1;
  return width;
}

/**
 * Places a model's new line in the file's indentation: the line keeps its depth relative to an
 * anchor line as the model wrote it (`modelAnchor`), measured from where that anchor really is
 * in the file (`fileAnchor`), in the file's style (tabs when the anchor is tab-indented). `scale`:
 * file columns per model column, when the model wrote another indent unit (2 spaces for 4).
 */
export function reindent(line: string, modelAnchor: string, fileAnchor: string, scale = 1): string {
  const body = line.trimStart();
  const delta = Math.round((widthOf(indentOf(line)) - widthOf(modelAnchor)) * scale);
  const tabs = fileAnchor.includes('\t');
  if (delta >= 0) return `${fileAnchor}${tabs ? '\t'.repeat(Math.round(delta / 4)) : ' '.repeat(delta)}${body}`;
  const remove = tabs ? Math.round(-delta / 4) : -delta;
  return `${fileAnchor.slice(0, Math.max(0, fileAnchor.length - remove))}${body}`;
}

/** Leading whitespace of a line. */
export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
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
 * in the file (`fileAnchor`), in the file's style (tabs when the anchor is tab-indented).
 */
export function reindent(line: string, modelAnchor: string, fileAnchor: string): string {
  const body = line.trimStart();
  const delta = widthOf(indentOf(line)) - widthOf(modelAnchor);
  const tabs = fileAnchor.includes('\t');
  if (delta >= 0) return `${fileAnchor}${tabs ? '\t'.repeat(Math.round(delta / 4)) : ' '.repeat(delta)}${body}`;
  const remove = tabs ? Math.round(-delta / 4) : -delta;
  return `${fileAnchor.slice(0, Math.max(0, fileAnchor.length - remove))}${body}`;
}

import type { RootCause } from '../types.js';

/**
 * The trace's in-app frames as files of the tree, innermost first: each frame's file is the
 * longest tree path it ends with (`/app/src/x.js` → `src/x.js`); a frame no tree file matches is
 * left out. Lines are as the trace has them (map them through the round's patches with remapCulprit).
 */
export function treeFrames(cause: RootCause, files: readonly string[]): { file: string; line: number }[] {
  return (cause.trace?.frames ?? [])
    .filter((f) => f.inApp)
    .reverse()
    .flatMap((frame) => {
      const file = files
        .filter((f) => frame.file === f || frame.file.endsWith(`/${f}`))
        .sort((a, b) => b.length - a.length)[0];
      return file ? [{ file, line: frame.line }] : [];
    });
}

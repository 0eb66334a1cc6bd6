import { capFrames } from './cap-frames.js';
import type { RawTrace } from './collector.js';
import { isLibraryFrame } from './in-app.js';
import type { ParserSettings } from './options.js';
import { computeSignature } from './signature.js';
import type { ExceptionNode, Language, StackFrame, StackTrace } from './types.js';

/**
 * Fills in culprits (each node's innermost in-app frame; for the trace, the SyntaxError's named
 * location, else the reported exception's, else the nearest cause's) and the signature, both over
 * every frame the log printed; then bounds each stack (`capFrames`: `framesDropped` counts what
 * went).
 */
export function finalizeTrace(raw: RawTrace, partial: boolean, settings: ParserSettings): StackTrace {
  const top = raw.top;
  setCulprits(top);
  const culprit =
    raw.namedLocation ??
    top.culprit ??
    top.causes.find((c) => c.culprit)?.culprit ??
    outsideLibraries(raw.language, top);
  const signature = computeSignature(raw.language, top, culprit, settings.appRoot);
  for (const node of [...top.causes, ...top.children, ...(top.suppressed ?? [])]) capNode(node);
  const { frames, dropped } = capFrames(top.frames);
  return {
    language: raw.language,
    exception: top.exception,
    frames,
    culprit,
    causes: top.causes,
    children: top.children,
    ...(top.suppressed ? { suppressed: top.suppressed } : {}),
    ...(dropped > 0 ? { framesDropped: dropped } : {}),
    signature,
    span: { startLine: raw.startLine, endLine: raw.endLine },
    partial,
  };
}

function setCulprits(node: ExceptionNode): void {
  node.culprit = innermostInApp(node.frames);
  for (const next of [...node.causes, ...node.children, ...(node.suppressed ?? [])]) setCulprits(next);
}

function capNode(node: ExceptionNode): void {
  const { frames, dropped } = capFrames(node.frames);
  if (dropped > 0) {
    node.frames = frames;
    node.framesDropped = dropped;
  }
  for (const next of [...node.causes, ...node.children, ...(node.suppressed ?? [])]) capNode(next);
}

function innermostInApp(frames: readonly StackFrame[]): StackFrame | null {
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i]!.inApp) return frames[i]!;
  return null;
}

// When appRoot does not match the paths in the log (a container's /app versus the host
// checkout), the innermost frame that is not library code is still the best culprit we have.
function outsideLibraries(language: Language, top: ExceptionNode): StackFrame | null {
  for (const node of [top, ...top.causes]) {
    for (let i = node.frames.length - 1; i >= 0; i--) {
      const frame = node.frames[i]!;
      if (!isLibraryFrame(language, frame)) return frame;
    }
  }
  return null;
}

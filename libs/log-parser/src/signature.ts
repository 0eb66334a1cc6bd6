import { createHash } from 'node:crypto';
import { relativeToRoot } from './in-app.js';
import { normalizeMessage } from './normalize-message.js';
import type { ErrorSignature, ExceptionNode, Language, StackFrame } from './types.js';

/**
 * The signature of a trace (DESIGN §3). The hash covers the language, every exception's type and
 * normalised message along the chain, and the in-app frames as file (relative to appRoot) plus
 * function, never line numbers; when an exception has no in-app frame its library frames stand in,
 * with paths cut to the package, so framework-only errors still separate by code path.
 */
export function computeSignature(
  language: Language,
  top: ExceptionNode,
  culprit: StackFrame | null,
  appRoot: string | undefined,
): ErrorSignature {
  // One string, one native hash call: traces are many and small.
  let identity = language;
  for (const node of [top, ...top.causes]) {
    identity += `\u0000${node.exception.type}\u0000${normalizeMessage(node.exception.message)}`;
    for (const frame of identityFrames(node.frames)) identity += frameIdentity(frame, appRoot);
  }
  for (const child of top.children) identity += `\u0003${child.exception.type}`;

  const message = normalizeMessage(top.exception.message);
  const file = culprit ? relativeToRoot(culprit.file, appRoot) : undefined;
  const where = culprit ? `@${file}:${culprit.line}${culprit.function ? ` ${culprit.function}` : ''}` : '';
  return {
    hash: createHash('sha256').update(identity).digest('hex').slice(0, 16),
    key: `${top.exception.type}${where}: ${message}`,
    exceptionType: top.exception.type,
    ...(file !== undefined ? { file } : {}),
    ...(culprit?.function !== undefined ? { function: culprit.function } : {}),
    ...(culprit ? { line: culprit.line } : {}),
    message,
  };
}

// Frame identities repeat across traces: compute each distinct one once (bounded).
const frameIdentities = new Map<string, string>();

function frameIdentity(frame: StackFrame, appRoot: string | undefined): string {
  const key = `${appRoot ?? ''}\u0000${frame.file}\u0000${frame.function ?? ''}`;
  let identity = frameIdentities.get(key);
  if (identity === undefined) {
    identity = `\u0001${stablePath(frame.file, appRoot)}\u0002${stableFunction(frame.function)}`;
    if (frameIdentities.size >= 50_000) frameIdentities.clear();
    frameIdentities.set(key, identity);
  }
  return identity;
}

function identityFrames(frames: readonly StackFrame[]): readonly StackFrame[] {
  const inApp = frames.filter((frame) => frame.inApp);
  return inApp.length > 0 ? inApp : frames;
}

// Library paths differ between machines (venvs, node_modules depth): keep the part from the
// package directory on. In-app paths are taken relative to appRoot.
function stablePath(file: string, appRoot: string | undefined): string {
  const relative = relativeToRoot(file, appRoot);
  if (relative !== file) return relative;
  const cut = /(?:site-packages|dist-packages|node_modules|\/src|\/pkg\/mod)\/(.*)$/.exec(file);
  return cut ? cut[1]! : file.slice(file.lastIndexOf('/') + 1);
}

// Anonymous function names carry positions in some runtimes (Go's func1, Java lambdas are
// stable; Node's "<anonymous>" is already bare): strip argument lists and addresses.
function stableFunction(name: string | undefined): string {
  if (!name) return '';
  return name.replace(/\(.*\)$/, '').replace(/0x[0-9a-f]+/gi, '');
}

import { hash } from 'node:crypto';
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
  // One string, one native one-shot hash call: traces are many and small.
  const identities = identitiesUnder(appRoot);
  let identity: string = appendNode(language, top, identities, appRoot);
  for (const cause of top.causes) identity = appendNode(identity, cause, identities, appRoot);
  for (const child of top.children) identity += `\u0003${child.exception.type}`;

  const message = normalizeMessage(top.exception.message);
  const file = culprit ? relativeToRoot(culprit.file, appRoot) : undefined;
  const where = culprit ? `@${file}:${culprit.line}${culprit.function ? ` ${culprit.function}` : ''}` : '';
  return {
    hash: hash('sha256', identity, 'hex').slice(0, 16),
    key: `${top.exception.type}${where}: ${message}`,
    exceptionType: top.exception.type,
    ...(file !== undefined ? { file } : {}),
    ...(culprit?.function !== undefined ? { function: culprit.function } : {}),
    ...(culprit ? { line: culprit.line } : {}),
    message,
  };
}

// Only the in-app frames count; an exception without any is identified by all of its frames.
function appendNode(
  identity: string,
  node: ExceptionNode,
  identities: FileIdentities,
  appRoot: string | undefined,
): string {
  let out = `${identity}\u0000${node.exception.type}\u0000${normalizeMessage(node.exception.message)}`;
  const frames = node.frames;
  const all = !frames.some((frame) => frame.inApp);
  for (const frame of frames) if (all || frame.inApp) out += frameIdentity(frame, identities, appRoot);
  return out;
}

// Frame identities repeat across traces: compute each distinct one once. Maps nested by appRoot,
// file and function (rather than one concatenated key) look up strings that, coming from the
// frame cache, already carry their hash. Bounded: past the limit the cache simply starts over.
type FileIdentities = Map<string, Map<string, string>>;
const MAX_IDENTITIES = 50_000;
const identitiesByRoot = new Map<string, FileIdentities>();
let identityCount = 0;

function identitiesUnder(appRoot: string | undefined): FileIdentities {
  const root = appRoot ?? '';
  let files = identitiesByRoot.get(root);
  if (files === undefined) identitiesByRoot.set(root, (files = new Map()));
  return files;
}

function frameIdentity(frame: StackFrame, identities: FileIdentities, appRoot: string | undefined): string {
  const fn = frame.function ?? '';
  let byFunction = identities.get(frame.file);
  let identity = byFunction?.get(fn);
  if (identity !== undefined) return identity;
  identity = `\u0001${stablePath(frame.file, appRoot)}\u0002${stableFunction(frame.function)}`;
  if (identityCount >= MAX_IDENTITIES) {
    for (const files of identitiesByRoot.values()) files.clear();
    identityCount = 0;
    byFunction = undefined;
  }
  if (byFunction === undefined) identities.set(frame.file, (byFunction = new Map()));
  byFunction.set(fn, identity);
  identityCount++;
  return identity;
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

import { exceptionNode, withRelation, type LogicalLine, type RawTrace } from '../collector.js';
import { cachedFrame } from '../frame-cache.js';
import { isInAppFrame } from '../in-app.js';
import type { ParserSettings } from '../options.js';
import type { ExceptionNode, StackFrame } from '../types.js';
import { JAVA_CAUSED_BY, JAVA_FRAME, JAVA_MORE, JAVA_SUPPRESSED, parseJavaException, tabDepth } from './java-lines.js';

interface Open {
  readonly node: ExceptionNode;
  /** Depth of this exception's `Caused by:` lines; its frames sit one tab deeper. */
  readonly level: number;
  /** Where `Caused by:` lines at this level attach: the first exception of the chain. */
  readonly chainHead: ExceptionNode;
}

/**
 * Builds the exception tree of a JVM stack trace: `Caused by:` chains are flattened into the
 * head's `causes` (nearest first), `Suppressed:` blocks (one tab deeper) attach to the exception
 * printed just before them.
 */
export function buildJavaTrace(lines: readonly LogicalLine[], settings: ParserSettings): RawTrace {
  const firstFrame = lines.findIndex((l) => JAVA_FRAME.test(l.text));
  const headerText = lines
    .slice(0, Math.max(firstFrame, 0))
    .map((l) => l.text.trim())
    .join(' ');
  const { type, message } = parseJavaException(headerText);
  const top = exceptionNode(type, message, []);
  const stack: Open[] = [{ node: top, level: 0, chainHead: top }];
  for (const { text } of lines.slice(Math.max(firstFrame, 0))) {
    const frame = cachedFrame(settings, 'java', text, parseJavaFrame);
    if (frame) {
      const depth = tabDepth(text) - 1;
      while (stack.length > 1 && stack.at(-1)!.level > depth) stack.pop();
      stack.at(-1)!.node.frames.push(frame);
      continue;
    }
    if (JAVA_MORE.test(text)) continue;
    const caused = JAVA_CAUSED_BY.exec(text);
    const suppressed = caused ? null : JAVA_SUPPRESSED.exec(text);
    if (caused) {
      const level = tabDepth(text);
      while (stack.length > 1 && stack.at(-1)!.level > level) stack.pop();
      const { type: t, message: m } = parseJavaException(caused[2]!);
      const node = withRelation(exceptionNode(t, m, []), 'cause');
      const head = stack.at(-1)!.chainHead;
      head.causes.push(node);
      stack.push({ node, level, chainHead: head });
    } else if (suppressed) {
      const level = tabDepth(text);
      while (stack.length > 1 && stack.at(-1)!.level >= level) stack.pop();
      const { type: t, message: m } = parseJavaException(suppressed[2]!);
      const node = withRelation(exceptionNode(t, m, []), 'suppressed');
      const owner = stack.at(-1)!.node;
      (owner.suppressed ??= []).push(node);
      stack.push({ node, level, chainHead: node });
    } else {
      const current = stack.at(-1)!.node;
      current.exception.message = `${current.exception.message}\n${text.trim()}`.trim();
    }
  }
  // JVMs print the raise site first; frames are kept outermost first.
  forEachNode(top, (node) => node.frames.reverse());
  return { language: 'java', top, startLine: lines[0]!.lineNo, endLine: lines.at(-1)!.lineNo };
}

function forEachNode(node: ExceptionNode, visit: (node: ExceptionNode) => void): void {
  visit(node);
  for (const next of [...node.causes, ...node.children, ...(node.suppressed ?? [])]) forEachNode(next, visit);
}

function parseJavaFrame(text: string, settings: ParserSettings): StackFrame | null {
  const frame = JAVA_FRAME.exec(text);
  return frame && javaFrame(frame[2]!, frame[3]!, frame[4]!, settings);
}

function javaFrame(className: string, method: string, location: string, settings: ParserSettings): StackFrame {
  const [fileName, lineText] = location.split(':');
  const line = lineText && /^\d+$/.test(lineText) ? Number(lineText) : 0;
  const simpleClass = className.slice(className.lastIndexOf('.') + 1);
  const outerClass = className.replace(/\$.*$/, '');
  const packagePath = outerClass.includes('.')
    ? outerClass.slice(0, outerClass.lastIndexOf('.')).replace(/\./g, '/')
    : '';
  const bare =
    fileName && /\.\w+$/.test(fileName) ? fileName : `${outerClass.slice(outerClass.lastIndexOf('.') + 1)}.java`;
  const packageFile = packagePath ? `${packagePath}/${bare}` : bare;
  const resolved = settings.resolveJavaSource?.(packageFile);
  // Without a source list the file is the package path and the class name alone decides in-app.
  const facts = {
    file: resolved ?? (settings.resolveJavaSource ? bare : packageFile),
    function: `${simpleClass}.${method}`,
    module: className,
    resolved: settings.resolveJavaSource ? resolved !== undefined : undefined,
  };
  return {
    file: facts.file,
    function: facts.function,
    module: className,
    line,
    inApp: isInAppFrame('java', facts, settings),
  };
}

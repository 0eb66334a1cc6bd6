import { exceptionNode, withRelation, type LogicalLine, type RawTrace } from '../collector.js';
import { cachedFrame } from '../frame-cache.js';
import { isInAppFrame } from '../in-app.js';
import type { ParserSettings } from '../options.js';
import type { ExceptionNode, StackFrame } from '../types.js';
import {
  BANNER_LOCATION,
  CAUSE_ELISION,
  NODE_FRAME,
  NODE_HEADER_EMBEDDED,
  NODE_HEADER_LOOSE,
  NODE_HEADER_STRICT,
  NODE_LOCATION,
  SERIALIZED_CAUSE,
} from './node-lines.js';

interface Line {
  readonly indent: number;
  readonly text: string;
}

/** Builds the exception tree of a V8 stack with util.inspect's `[cause]` and `[errors]` blocks. */
export function buildNodeTrace(
  banner: readonly LogicalLine[],
  lines: readonly LogicalLine[],
  settings: ParserSettings,
): RawTrace {
  const body: Line[] = lines.map((l) => ({ indent: l.text.length - l.text.trimStart().length, text: l.text.trim() }));
  // pino writes the cause chain as `caused by: <header>` sections of one stack string.
  const sections = splitAt(body, (l) => l.indent === 0 && SERIALIZED_CAUSE.test(l.text));
  const [top, ...serialized] = sections.map((section, i) => {
    const lines =
      i === 0 ? section : [{ indent: 0, text: section[0]!.text.replace(SERIALIZED_CAUSE, '$1') }, ...section.slice(1)];
    const firstFrame = lines.findIndex((l) => NODE_FRAME.test(l.text));
    const headerText =
      firstFrame > 0 ? lines.slice(0, firstFrame).map((l) => l.text) : firstFrame < 0 ? lines.map((l) => l.text) : [];
    return parseError(headerText, firstFrame >= 0 ? lines.slice(firstFrame) : [], settings);
  }) as [ExceptionNode, ...ExceptionNode[]];
  top.causes = [...flattenCauses(top), ...serialized.map((node) => withRelation(node, 'cause'))];
  const named =
    banner.length > 0 && /SyntaxError$/.test(top.exception.type) ? bannerLocation(banner, settings) : undefined;
  const all = [...banner, ...lines];
  return {
    language: 'node',
    top,
    startLine: all[0]!.lineNo,
    endLine: all.at(-1)!.lineNo,
    ...(named ? { namedLocation: named } : {}),
  };
}

function parseError(header: readonly string[], rest: readonly Line[], settings: ParserSettings): ExceptionNode {
  const { type, message } = parseHeader(header);
  const frames: StackFrame[] = [];
  let i = 0;
  for (; i < rest.length; i++) {
    const text = rest[i]!.text;
    if (CAUSE_ELISION.test(text)) continue;
    const frame = NODE_FRAME.exec(text);
    if (!frame) break;
    const parsed = cachedNodeFrame(text, settings);
    if (parsed) frames.push(parsed);
    if (frame[5] === ' {') {
      i++;
      break;
    }
  }
  const node = exceptionNode(type, message, frames.reverse());
  const props = rest.slice(i);
  const baseIndent = props[0]?.indent;
  if (baseIndent === undefined) return node;
  for (let j = 0; j < props.length; j++) {
    const line = props[j]!;
    if (line.indent !== baseIndent) continue;
    const block = blockAfter(props, j);
    if (line.text.startsWith('[cause]: ')) {
      node.causes.push(withRelation(splitHeaderAndBody(line.text.slice(9), block, settings), 'cause'));
    } else if (line.text === '[errors]: [') {
      node.children.push(...parseMembers(block, settings));
    }
  }
  return node;
}

function splitAt(lines: readonly Line[], isSeparator: (line: Line) => boolean): Line[][] {
  const sections: Line[][] = [[]];
  for (const line of lines) {
    if (isSeparator(line) && sections.at(-1)!.length > 0) sections.push([]);
    sections.at(-1)!.push(line);
  }
  return sections;
}

// Lines belonging to the property at `index`: everything more indented that follows it.
function blockAfter(lines: readonly Line[], index: number): Line[] {
  const own = lines[index]!.indent;
  const out: Line[] = [];
  for (let k = index + 1; k < lines.length && lines[k]!.indent > own; k++) out.push(lines[k]!);
  return out;
}

function splitHeaderAndBody(headerText: string, block: readonly Line[], settings: ParserSettings): ExceptionNode {
  const firstFrame = block.findIndex((l) => NODE_FRAME.test(l.text));
  const extra = firstFrame > 0 ? block.slice(0, firstFrame).map((l) => l.text) : [];
  return parseError([headerText, ...extra], firstFrame >= 0 ? block.slice(firstFrame) : [], settings);
}

// `[errors]: [` members: each starts with a header line at the members' indent.
function parseMembers(block: readonly Line[], settings: ParserSettings): ExceptionNode[] {
  const indent = block[0]?.indent;
  const members: ExceptionNode[] = [];
  for (let k = 0; k < block.length; k++) {
    const line = block[k]!;
    if (line.indent !== indent || NODE_FRAME.test(line.text) || /^[}\]]/.test(line.text)) continue;
    members.push(splitHeaderAndBody(line.text.replace(/,$/, ''), blockAfter(block, k), settings));
  }
  return members;
}

function flattenCauses(node: ExceptionNode): ExceptionNode[] {
  const out: ExceptionNode[] = [];
  for (let next = node.causes[0]; next; next = next.causes[0]) {
    out.push({ ...next, causes: [] });
  }
  return out;
}

// V8's circular-structure message names the cycle on lines of its own, before the frames:
// `--> starting at object with constructor 'Object'`, `|     property 'pets' -> …`,
// `--- property 'owner' closes the circle`.
const CYCLE_PATH_LINE = /^(?:-->|\||---) /;

function parseHeader(header: readonly string[]): { type: string; message: string } {
  const first = header[0] ?? '';
  const cycle = /circular structure to JSON/.test(first) ? header.slice(1).filter((l) => CYCLE_PATH_LINE.test(l)) : [];
  const match = NODE_HEADER_STRICT.exec(first) ?? NODE_HEADER_EMBEDDED.exec(first) ?? NODE_HEADER_LOOSE.exec(first);
  if (match) return { type: match[1]!, message: [match[3] ?? '', ...cycle].join('\n') };
  return { type: 'Error', message: first.replace(/^Uncaught /, '') };
}

function cachedNodeFrame(text: string, settings: ParserSettings): StackFrame | null {
  return cachedFrame(settings, 'node', text, parseNodeFrame);
}

function parseNodeFrame(text: string, settings: ParserSettings): StackFrame | null {
  const frame = NODE_FRAME.exec(text);
  return frame && nodeFrame(frame[2], frame[3] ?? frame[4]!, settings);
}

function nodeFrame(fn: string | undefined, location: string, settings: ParserSettings): StackFrame | null {
  const match = NODE_LOCATION.exec(location);
  if (!match) return null;
  const compiled = {
    file: match[1]!.startsWith('file://') ? decodeFileUrl(match[1]!) : match[1]!,
    line: Number(match[2]),
    column: Number(match[3]),
  };
  const { file, line, column } = settings.originalPosition?.(compiled) ?? compiled;
  const name = fn?.replace(/^async /, '');
  const facts = { file, ...(name ? { function: name } : {}) };
  return { ...facts, line, column, inApp: isInAppFrame('node', facts, settings) };
}

function bannerLocation(banner: readonly LogicalLine[], settings: ParserSettings): StackFrame | undefined {
  const match = BANNER_LOCATION.exec(banner[0]!.text);
  if (!match) return undefined;
  const compiled = {
    file: match[1]!.startsWith('file://') ? decodeFileUrl(match[1]!) : match[1]!,
    line: Number(match[2]),
    column: 0,
  };
  const mapped = settings.originalPosition?.(compiled);
  const { file, line } = mapped ?? compiled;
  // The banner quotes the compiled line: a mapped location has no source text to show.
  const source = mapped ? undefined : banner[1]?.text;
  return { file, line, ...(source ? { source } : {}), inApp: isInAppFrame('node', { file }, settings) };
}

function decodeFileUrl(url: string): string {
  try {
    return decodeURIComponent(url.replace(/^file:\/\//, ''));
  } catch {
    return url.replace(/^file:\/\//, '');
  }
}

import { exceptionNode, withRelation, type LogicalLine, type RawTrace } from '../collector.js';
import { isInAppFrame } from '../in-app.js';
import { sharedFrame } from '../frame-cache.js';
import type { ParserSettings } from '../options.js';
import type { ExceptionNode, StackFrame } from '../types.js';
import {
  DIRECT_CAUSE,
  EXCEPTION_LINE,
  FILE_LINE,
  GROUP_HEADER,
  GROUP_LINE,
  isChainMarker,
  SYNTAX_ERRORS,
} from './python-lines.js';

interface Parsed {
  readonly node: ExceptionNode;
  readonly namedLocation?: StackFrame;
}

/** Turns the collected lines of one Python trace into its exception tree. */
export function buildPythonTrace(lines: readonly LogicalLine[], settings: ParserSettings): RawTrace {
  const texts = lines.map((l) => l.text);
  const { node, namedLocation } = parseChain(texts, settings);
  const last = lastContentLine(lines);
  return {
    language: 'python',
    top: node,
    startLine: lines[0]!.lineNo,
    endLine: last,
    ...(namedLocation ? { namedLocation } : {}),
  };
}

// Segments are printed oldest first and joined by a chain sentence; the last is the one raised.
function parseChain(texts: readonly string[], settings: ParserSettings): Parsed {
  const segments: { texts: readonly string[]; relation?: 'cause' | 'context' }[] = [];
  let start = 0;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    const c0 = text.charCodeAt(0);
    // Both chain sentences start with `T` or `D`: most lines are ruled out on one character.
    if ((c0 === 84 || c0 === 68) && isChainMarker(text)) {
      segments.push({ texts: texts.slice(start, i), relation: text.startsWith(DIRECT_CAUSE) ? 'cause' : 'context' });
      start = i + 1;
    }
  }
  segments.push({ texts: start === 0 ? texts : texts.slice(start) });
  const parsed = segments.map((segment) => parseSegment(segment.texts, settings));
  const top = parsed.at(-1)!;
  top.node.causes = parsed
    .slice(0, -1)
    .map((p, i) => withRelation(p.node, segments[i]!.relation!))
    .reverse();
  const namedLocation = top.namedLocation ?? parsed.find((p) => p.namedLocation)?.namedLocation;
  return { node: top.node, ...(namedLocation ? { namedLocation } : {}) };
}

function parseSegment(texts: readonly string[], settings: ParserSettings): Parsed {
  const firstContent = texts.find((t) => t.trim() !== '');
  if (firstContent !== undefined && GROUP_HEADER.test(firstContent)) return parseGroup(texts, settings);
  return parseTraceback(texts, settings);
}

function parseTraceback(texts: readonly string[], settings: ParserSettings): Parsed {
  const frames: StackFrame[] = [];
  let exceptionText: string | undefined;
  let lastFileHadFunction = true;
  // The latest frame is copied out only once its source line is known (see withSource).
  let pending: StackFrame | null = null;
  let source: string | undefined;
  let at = texts.length;
  for (const [index, text] of texts.entries()) {
    // Dispatch on the first characters: this loop runs for every line of every trace.
    if (isIndented(text, 4)) {
      if (pending && source === undefined && !/^\s*[~^]+\s*$/.test(text)) source = text.trim();
    } else if (text.startsWith('  File "')) {
      const frame = sharedFrame(settings, 'python', text, parsePythonFrame);
      if (frame) {
        if (pending) frames.push(withSource(pending, source));
        pending = frame;
        source = undefined;
        lastFileHadFunction = frame.function !== undefined;
      }
    } else if (text.startsWith('  [Previous') || text.startsWith('Traceback') || text.trim() === '') {
      continue;
    } else if (/^\s/.test(text)) {
      continue;
    } else {
      exceptionText = text;
      at = index;
      break;
    }
  }
  if (pending) frames.push(withSource(pending, source));
  const handler = endpointContext(texts.slice(at + 1), settings);
  if (handler) frames.push(handler);
  const { type, message } = parseExceptionLine(exceptionText ?? '');
  const node = exceptionNode(type, message, frames);
  const raiseSite = frames.at(-1);
  const named = SYNTAX_ERRORS.has(type.replace(/^builtins\./, '')) && raiseSite && !lastFileHadFunction;
  return { node, ...(named ? { namedLocation: raiseSite } : {}) };
}

// FastAPI ends a validation error's message with the endpoint's handler (`  File "…", line 21,
// in get_item` / `    GET /items/{item_id}`): the innermost app frame of an error raised by the
// framework on the handler's behalf, so the trace has a culprit in the app.
function endpointContext(after: readonly string[], settings: ParserSettings): StackFrame | null {
  for (let i = 0; i < after.length - 1; i++) {
    if (!after[i]!.startsWith('  File "')) continue;
    const frame = sharedFrame(settings, 'python', after[i]!, parsePythonFrame);
    const route = after[i + 1]!.trim();
    return frame && /^[A-Z]+ \/\S*$/.test(route) ? withSource(frame, route) : null;
  }
  return null;
}

// A fresh copy of a cached frame with its source line, built as one literal in the frame's key
// order: adding `source` to a spread copy afterwards is ~20x slower in V8 (every such object
// gets a hidden class of its own), and Python frames are the bulk of most logs.
function isIndented(text: string, columns: number): boolean {
  for (let i = 0; i < columns; i++) if (text.charCodeAt(i) !== 32) return false;
  return true;
}

function withSource(frame: StackFrame, source: string | undefined): StackFrame {
  if (source === undefined) return { ...frame };
  const { file, line, inApp } = frame;
  return frame.function === undefined
    ? { file, line, inApp, source }
    : { file, function: frame.function, line, inApp, source };
}

/** `KeyError: 'x'` → type and message; a line that is no exception keeps its text as the type. */
function parseExceptionLine(text: string): { type: string; message: string } {
  const match = EXCEPTION_LINE.exec(text);
  if (match) return { type: match[1]!, message: match[2] ?? '' };
  return { type: text.trim() || 'UnknownError', message: '' };
}

// An exception group prints its own traceback behind `| ` and its members behind numbered
// separators one level (two columns) deeper; members may be groups themselves.
function parseGroup(texts: readonly string[], settings: ParserSettings): Parsed {
  const base = GROUP_HEADER.exec(texts.find((t) => t.trim() !== '')!)![1]!.length;
  const own: string[] = [];
  const members: string[][] = [];
  let current: string[] | null = null;
  for (const text of texts) {
    const match = GROUP_LINE.exec(text);
    if (!match) continue;
    const indent = match[1]!.length;
    const mark = match[2]!;
    const rest = match[3]!;
    if (indent === base && mark === '+' && /^ Exception Group Traceback/.test(rest))
      own.push('Traceback (most recent call last):');
    else if (indent === base && mark === '|' && current === null) own.push(rest.slice(1));
    else if (indent === base && mark === '+' && /^-\+-+ \d+ -+$/.test(rest)) members.push((current = []));
    else if (indent === base + 2 && mark === '+' && /^-+ (?:\d+|\.\.\.) -+$/.test(rest)) members.push((current = []));
    else if (indent === base + 2 && mark === '+' && /^-+$/.test(rest)) current = null;
    else if (current) current.push(text);
  }
  const parsed = parseChain(own, settings);
  parsed.node.children = members.filter(isRealMember).map((member) => parseMember(member, base + 2, settings));
  return parsed;
}

// A member is either a plain traceback (`| …` lines) or a nested group (its own separators).
function parseMember(texts: readonly string[], indent: number, settings: ParserSettings): ExceptionNode {
  const header = ' '.repeat(indent) + '+ Exception Group Traceback (most recent call last):';
  const nested = texts.some((t) => {
    const m = GROUP_LINE.exec(t);
    return m !== null && m[1]!.length === indent && m[2] === '+';
  });
  if (nested || GROUP_HEADER.test(texts[0] ?? '')) {
    const body = GROUP_HEADER.test(texts[0] ?? '') ? texts : [header, ...texts];
    return parseGroup(body, settings).node;
  }
  const own = texts.flatMap((t) => {
    const m = GROUP_LINE.exec(t);
    return m && m[1]!.length === indent && m[2] === '|' ? [m[3]!.slice(1)] : [];
  });
  return parseChain(own, settings).node;
}

// "and 3 more exceptions" stands in for members that were not printed.
function isRealMember(texts: readonly string[]): boolean {
  return !texts.every((t) => /\|\s*and \d+ more exceptions?\s*$/.test(t) || t.trim() === '');
}

function parsePythonFrame(text: string, settings: ParserSettings): StackFrame | null {
  const match = FILE_LINE.exec(text);
  if (!match) return null;
  const file = match[1]!;
  const fn = match[3];
  const path =
    settings.appRoot && !file.startsWith('/') && !file.startsWith('<') ? `${settings.appRoot}/${file}` : file;
  const facts = { file: path, ...(fn ? { function: fn } : {}) };
  return { ...facts, line: Number(match[2]), inApp: isInAppFrame('python', facts, settings) };
}

function lastContentLine(lines: readonly LogicalLine[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.text.trim() !== '') return lines[i]!.lineNo;
  return lines[0]!.lineNo;
}

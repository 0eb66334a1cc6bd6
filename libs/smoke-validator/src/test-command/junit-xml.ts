/**
 * Reads JUnit XML (pytest's --junitxml, vitest's junit reporter, jest-junit, and other xunit
 * writers) into flat test cases. Nested `<testsuite>` elements are walked; nothing is inferred.
 */
import { XMLParser } from 'fast-xml-parser';
import { JunitParseError } from './errors.js';

/**
 * The largest JUnit report read (bytes). A bigger one is refused with a `JunitParseError` that
 * says so: parsing it would take gigabytes of memory.
 */
export const MAX_JUNIT_BYTES = 32 * 1024 * 1024;

/**
 * The most test cases read from one report; the rest (in document order) are counted, not kept,
 * and the result's `testCasesDropped` says how many.
 */
export const MAX_JUNIT_CASES = 20_000;

/** How a test case ended. */
type JunitOutcome = 'passed' | 'failed' | 'error' | 'skipped';

/** One `<testcase>`. */
export interface JunitCase {
  readonly suite: string;
  readonly classname: string;
  readonly name: string;
  /** The `file` attribute of the case (or of its suite) when the writer gives one. */
  readonly file: string | null;
  readonly timeSec: number;
  readonly outcome: JunitOutcome;
  /** `message` of the failure/error/skipped element. */
  readonly message: string;
  /** `type` attribute of the failure/error element (vitest, jest-junit, xunit). */
  readonly type: string | null;
  /** Text of the failure/error element: the traceback or stack the framework printed. */
  readonly text: string;
  readonly systemOut: string;
  readonly systemErr: string;
}

type XmlNode = Record<string, unknown>;

const ARRAY_TAGS = new Set([
  'testsuites',
  'testsuite',
  'testcase',
  'failure',
  'error',
  'skipped',
  'system-out',
  'system-err',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => ARRAY_TAGS.has(name),
});

// Terminal colour codes: pytest and vitest colour their failure text when FORCE_COLOR is set;
// pytest writes the escape character as the text `#x1B` (it is not allowed in XML 1.0).
// eslint-disable-next-line no-control-regex
const ANSI = /(?:\u001b|#x1B)\[[0-9;?]*[A-Za-z]/g;

function attr(node: XmlNode, name: string): string {
  const value = node[`@${name}`];
  return typeof value === 'string' ? value.replace(ANSI, '') : '';
}

function text(node: unknown): string {
  if (typeof node === 'string') return node.replace(ANSI, '');
  if (node && typeof node === 'object') {
    const value = (node as XmlNode)['#text'];
    return typeof value === 'string' ? value.replace(ANSI, '') : '';
  }
  return '';
}

function children(node: XmlNode, tag: string): XmlNode[] {
  const value = node[tag];
  if (!Array.isArray(value)) return [];
  return value.map((child) =>
    child && typeof child === 'object' ? (child as XmlNode) : { '#text': String(child ?? '') },
  );
}

function readCase(node: XmlNode, suite: XmlNode): JunitCase {
  const failure = children(node, 'failure')[0];
  const error = children(node, 'error')[0];
  const skipped = children(node, 'skipped')[0];
  const problem = failure ?? error ?? skipped;
  const outcome: JunitOutcome = failure ? 'failed' : error ? 'error' : skipped ? 'skipped' : 'passed';
  const file = attr(node, 'file') || attr(suite, 'file');
  return {
    suite: attr(suite, 'name'),
    classname: attr(node, 'classname'),
    name: attr(node, 'name'),
    file: file || null,
    timeSec: Number(attr(node, 'time')) || 0,
    outcome,
    message: problem ? attr(problem, 'message') : '',
    type: problem ? attr(problem, 'type') || null : null,
    text: problem ? text(problem).replace(/^\n+/, '').trimEnd() : '',
    systemOut: children(node, 'system-out').map(text).join('\n'),
    systemErr: children(node, 'system-err').map(text).join('\n'),
  };
}

/** The cases read from a report, and how many more it held past the limit. */
export interface JunitReport {
  readonly cases: JunitCase[];
  readonly dropped: number;
}

function walkSuite(suite: XmlNode, out: JunitCase[], max: number, counted: { dropped: number }): void {
  for (const testcase of children(suite, 'testcase')) {
    if (out.length < max) out.push(readCase(testcase, suite));
    else counted.dropped++;
  }
  for (const nested of children(suite, 'testsuite')) walkSuite(nested, out, max, counted);
}

/** Parses JUnit XML into its test cases, in document order. Throws `JunitParseError` on bad XML. */
export function parseJunitXml(xml: string, source = 'JUnit XML'): JunitCase[] {
  return readJunitReport(xml, source, Number.POSITIVE_INFINITY).cases;
}

/**
 * Parses JUnit XML into at most `maxCases` test cases (the first, in document order) and the
 * count of those left out. Throws `JunitParseError` on bad XML.
 */
export function readJunitReport(xml: string, source = 'JUnit XML', maxCases = MAX_JUNIT_CASES): JunitReport {
  let doc: XmlNode;
  try {
    doc = parser.parse(xml, true) as XmlNode;
  } catch (error) {
    throw new JunitParseError(`${source} is not well-formed XML: ${(error as Error).message}`, { cause: error });
  }
  const out: JunitCase[] = [];
  const counted = { dropped: 0 };
  const roots = [...children(doc, 'testsuites'), ...children(doc, 'testsuite').map((s) => ({ testsuite: [s] }))];
  if (roots.length === 0) throw new JunitParseError(`${source} has no <testsuites> or <testsuite> element`);
  for (const root of roots) walkSuite(root as XmlNode, out, maxCases, counted);
  return { cases: out, dropped: counted.dropped };
}

/**
 * One failed or errored JUnit test case → a `test_failure` Violation: the exception type,
 * culprit file:line and first error line out of the framework's failure text (via log-parser on
 * a re-rendered traceback), the seed's signature, and the command that reruns that one test.
 */
import { relative } from 'node:path';
import { parseLogs, type StackTrace } from '@smoke-repair/log-parser';
import type { Violation } from '../smoke-result.js';
import type { TestFramework } from './config.js';
import type { JunitCase } from './junit-xml.js';
import { renderNodeStack, splitNodeErrorHeader } from './node-stack.js';
import { fileOfNodeid } from './nodeid.js';
import { parsePytestFailure, renderPythonTraceback, splitErrorLine } from './pytest-traceback.js';
import { testFailureSignature } from './test-signature.js';

/** What turning a case into a violation needs besides the case. */
export interface CaseContext {
  readonly framework: TestFramework;
  /** The project root (the command's cwd): frames under it are in-app, paths relative to it. */
  readonly root: string;
  readonly nodeid: string;
  /** The command rerunning only this test. */
  readonly reproduce: string;
}

/** Characters of failure text kept in `responseExcerpt` (its end: where the error is). */
const EXCERPT_CHARS = 4_000;

interface Extracted {
  readonly traceText: string;
  readonly type: string | null;
  readonly message: string;
}

function extractPytest(testCase: JunitCase, root: string): Extracted {
  const attr = testCase.message.replace(/^failed on (?:setup|teardown) with "(.*)"$/s, '$1');
  if (/^Traceback \(most recent call last\):/m.test(testCase.text)) {
    // --tb=native: already a Python traceback.
    const last = splitErrorLine(testCase.text.trimEnd().split('\n').pop() ?? '');
    return { traceText: `${testCase.text}\n`, type: last.type, message: last.message };
  }
  const chain = parsePytestFailure(testCase.text);
  const reported = chain[chain.length - 1];
  const fallback = splitErrorLine(attr.split('\n')[0] ?? '');
  return {
    traceText: renderPythonTraceback(chain, root),
    type: reported?.type ?? fallback.type,
    message: reported?.message || fallback.message,
  };
}

function extractNode(testCase: JunitCase, root: string): Extracted {
  const header = splitNodeErrorHeader(testCase.text);
  return {
    traceText: renderNodeStack(testCase.text, testCase.type, testCase.message, root),
    type: testCase.type ?? header.type,
    message: (testCase.message || header.message).split(/\r?\n/)[0] ?? '',
  };
}

/** The trace log-parser found for the failure (the last one: the reported exception), if any. */
function failureTrace(text: string, root: string): StackTrace | null {
  if (text === '') return null;
  const traces = parseLogs(text, { appRoot: root });
  return traces[traces.length - 1] ?? null;
}

// The failure has no frame of the app: none at all, or its culprit is the test's own file.
function failedInTest(trace: StackTrace | null, nodeid: string, root: string): boolean {
  const file = trace?.culprit?.file;
  if (!file) return true;
  return (file.startsWith('/') ? relative(root, file) : file) === fileOfNodeid(nodeid);
}

// An exception the app raised (not the test's assertion), as the plugin printed it.
function raisedByApp(trace: StackTrace): boolean {
  return !!trace.exception.type && !/(^|\.)AssertionError$/.test(trace.exception.type);
}

/** Builds the violation of a failed or errored case. */
export function caseToViolation(testCase: JunitCase, context: CaseContext): Violation {
  const { root, nodeid } = context;
  const extracted = context.framework === 'pytest' ? extractPytest(testCase, root) : extractNode(testCase, root);
  const failed = failureTrace(extracted.traceText, root);
  const printed = [testCase.systemOut, testCase.systemErr].flatMap((t) => (t ? parseLogs(t, { appRoot: root }) : []));
  // A test client that answers the app's exception as a bare 500 leaves the failure only the test's own assertion:
  // the traceback the app's exception printed (smoke-repair's pytest plugin, server-error-plugin.ts) is the failure.
  const served =
    context.framework === 'pytest' && failedInTest(failed, nodeid, root) ? printed.find(raisedByApp) : undefined;
  const trace = served ?? failed;
  const extraTraces = served ? [...(failed ? [failed] : []), ...printed.filter((t) => t !== served)] : printed;
  const culprit = trace?.culprit ?? null;
  const exceptionType = served
    ? served.exception.type
    : (extracted.type ?? trace?.exception.type ?? (testCase.outcome === 'error' ? 'Error' : 'TestFailure'));
  const firstLine = served
    ? (served.exception.message.split('\n')[0] ?? '')
    : extracted.message || trace?.exception.message || testCase.message.split('\n')[0] || '';
  const file = culprit
    ? culprit.file.startsWith('/')
      ? relative(root, culprit.file)
      : culprit.file
    : fileOfNodeid(nodeid);
  const signature = testFailureSignature({
    nodeid,
    exceptionType,
    file,
    ...(culprit ? { line: culprit.line } : {}),
    ...(culprit?.function ? { function: culprit.function } : {}),
    message: firstLine,
  });
  const what = testCase.outcome === 'error' ? 'error' : 'failed';
  return {
    nodeid,
    endpoint: nodeid,
    method: 'TEST',
    path: fileOfNodeid(nodeid),
    expectedStatus: null,
    actualStatus: null,
    kind: 'test_failure',
    message: `${nodeid} ${what}: ${exceptionType}${firstLine ? `: ${firstLine}` : ''}`,
    responseExcerpt: testCase.text.length > EXCERPT_CHARS ? `…${testCase.text.slice(-EXCERPT_CHARS)}` : testCase.text,
    requestId: null,
    traces: [...(trace ? [trace] : []), ...extraTraces],
    signature,
    reproduce: context.reproduce,
  };
}

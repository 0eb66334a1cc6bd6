import type { ChatMessage } from './chat-client.js';
import type { RepairContextDocument } from './repair-context.js';

/**
 * The instructions every repairer gets (the LLM as its system message, the agent command at the
 * top of its prompt file), with the patch policy. The LLM is asked for SEARCH/REPLACE blocks (the
 * format Aider and Agentless use, which models write most reliably); a brief reasoning before
 * them is allowed. Unified diffs, whole files and JSON-wrapped edits are accepted too.
 */
export function repairInstructions(doc: RepairContextDocument, answer: 'blocks' | 'edit'): string {
  const rules = [
    'You repair a web application that fails at runtime. Fix the root cause described below with the ' +
      'smallest correct change.',
    `The patch may change at most ${doc.policy.maxFiles} files and ${doc.policy.maxChangedLines} lines, only inside ` +
      `the app root.`,
    `Never edit tests or other protected paths (${doc.policy.protectedPaths.join(', ')}); never delete or rename ` +
      `files.`,
    'Do not change the API contract (the OpenAPI operation is the specification the code must satisfy).',
  ];
  if (answer === 'blocks') {
    rules.push(
      'You may first explain the cause in at most a few sentences. Then give the edit as one or more ' +
        'SEARCH/REPLACE blocks:',
      '',
      'app/path/file.py',
      '<<<<<<< SEARCH',
      'the existing lines to change, copied exactly (with their indentation), a few lines of context included',
      '=======',
      'the new lines',
      '>>>>>>> REPLACE',
      '',
      'Put the file path (relative to the app root) on the line before `<<<<<<< SEARCH`. The SEARCH part ' +
        'must match exactly one place in the file; keep it short but unique. Use several blocks for several ' +
        'places, in file order. Do not abbreviate with "...", do not add line numbers.',
    );
  } else {
    rules.push(
      'Edit the files in the current directory (a scratch copy of the app); whatever you change there is ' +
        'collected as the patch.',
    );
  }
  return rules.join('\n');
}

/** The repair context as a Markdown prompt: failure, trace, code, requests, contract, history. */
export function renderRepairContext(doc: RepairContextDocument): string {
  const out: string[] = [];
  out.push(`# Failure (attempt ${doc.attempt})`, '');
  out.push(`Signature: ${doc.rootCause.signature}`);
  if (doc.exception) out.push(`Exception: ${doc.exception.type}: ${doc.exception.message}`);
  out.push(`Kind: ${doc.rootCause.kind}`, `Breaks: ${doc.rootCause.endpoints.join(', ')}`);
  if (doc.culprit)
    out.push(
      `Culprit: ${doc.culprit.file}:${doc.culprit.line}${doc.culprit.function ? ` in ${doc.culprit.function}` : ''}`,
    );
  if (doc.frames.length > 0) {
    out.push('', '## Stack (outermost first, the failing frame last)', '');
    for (const f of doc.frames)
      out.push(`- ${f.file}:${f.line}${f.function ? ` in ${f.function}` : ''}${f.inApp ? '' : ' (library)'}`);
  }
  if (doc.code && doc.culprit) {
    const listing = plainListing(doc.code);
    const failing = listing.marked
      ? `; the failing line ${listing.marked.line} is \`${listing.marked.text.trim()}\``
      : '';
    out.push(
      '',
      `## Code around the culprit (${doc.culprit.file}, lines ${listing.first}-${listing.last}${failing})`,
      '',
      fence(listing.text, doc.language),
    );
  }
  if (doc.handler) {
    const h = doc.handler;
    out.push('', `## Handler of ${h.endpoint} (no trace names the code: the route index found it)`, '');
    out.push(`Route: ${h.route}`);
    if (h.mounts.length > 0)
      out.push('Mounted (the app first):', ...h.mounts.map((m) => `- ${m.file}:${m.line}: ${m.text}`));
    if (!h.mounted) out.push('Its router is not mounted: no chain of mounts from the app reaches it.');
    if (h.code)
      out.push(
        '',
        `${h.function ? `\`${h.function}\` ` : ''}(${h.file}):`,
        '',
        fence(plainListing(h.code).text, doc.language ?? languageOf(h.file)),
      );
  }
  if (doc.definitions.length > 0) {
    out.push('', '## Functions and classes named in the trace');
    for (const d of doc.definitions)
      out.push('', `### ${d.kind} ${d.name} (${d.file}:${d.line})`, '', fence(plainListing(d.code).text, doc.language));
  }
  if (doc.requests.length > 0) {
    out.push('', '## Failing requests');
    for (const r of doc.requests) {
      out.push('', `### ${r.method} ${r.path} (${r.endpoint})`, '');
      out.push(`Expected status: ${r.expectedStatus ?? 'any'}; got: ${r.actualStatus ?? 'no response'} (${r.kind})`);
      if (r.message) out.push(`Message: ${r.message}`);
      out.push(`Reproduce: \`${r.reproduce}\``);
      if (r.responseExcerpt) out.push('Response:', fence(r.responseExcerpt, ''));
    }
  }
  if (doc.openapi.length > 0) {
    out.push('', '## OpenAPI operations violated');
    for (const op of doc.openapi) {
      out.push('', `### ${op.endpoint}`, '', fence(JSON.stringify(op.operation, null, 2), 'json'));
      if (op.omitted && op.omitted.length > 0)
        out.push(
          `(Responses ${op.omitted.join(', ')} are documented too, not shown: the failure involves none of them.)`,
        );
      if (Object.keys(op.schemas).length > 0)
        out.push('Referenced schemas:', fence(JSON.stringify(op.schemas, null, 2), 'json'));
    }
  }
  if (doc.investigations.length > 0) {
    out.push('', '## Investigation notes');
    for (const i of doc.investigations) out.push('', `### ${i.kind} investigator`, '', i.answer.trim());
  }
  if (doc.previousAttempts.length > 0) {
    out.push('', '## Earlier attempts that did not fix it (do not repeat them)', '');
    for (const a of doc.previousAttempts) out.push(`- ${a.strategy} → ${a.outcome}: ${a.detail}`);
  }
  if (doc.trimmed && doc.trimmed.length > 0) {
    out.push('', '## Left out to fit the prompt budget', '', ...doc.trimmed.map((t) => `- ${t}`));
  }
  return out.join('\n') + '\n';
}

/** System + user messages of the LLM strategy (a pure function of the context). */
export function buildRepairPrompt(doc: RepairContextDocument): ChatMessage[] {
  return [
    { role: 'system', content: repairInstructions(doc, 'blocks') },
    { role: 'user', content: `${renderRepairContext(doc)}\nReply with the SEARCH/REPLACE block(s) that fix it.\n` },
  ];
}

/**
 * Code shown to a model without the context document's line-number prefixes (`   12> `), which
 * models copy back into their edits: the plain lines, their range, and the marked line.
 */
function plainListing(code: string): {
  text: string;
  first: number;
  last: number;
  marked: { line: number; text: string } | null;
} {
  const lines = code.split('\n');
  const numbered = lines.map((l) => /^ *(\d+)([> ]) (.*)$/.exec(l));
  if (numbered.some((m) => m === null)) return { text: code, first: 0, last: 0, marked: null };
  const text = numbered.map((m) => m![3]!).join('\n');
  const mark = numbered.find((m) => m![2] === '>');
  return {
    text,
    first: Number(numbered[0]![1]),
    last: Number(numbered.at(-1)![1]),
    marked: mark ? { line: Number(mark[1]), text: mark[3]! } : null,
  };
}

function languageOf(file: string): string | null {
  return file.endsWith('.py')
    ? 'python'
    : /\.[cm]?tsx?$/.test(file)
      ? 'typescript'
      : /\.[cm]?jsx?$/.test(file)
        ? 'javascript'
        : null;
}

function fence(text: string, language: string | null): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language ?? ''}\n${text.replace(/\n$/, '')}\n${ticks}`;
}

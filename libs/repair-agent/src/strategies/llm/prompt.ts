import type { ChatMessage } from './chat-client.js';
import type { RepairContextDocument } from './repair-context.js';

/**
 * The instructions every repairer gets (the LLM as its system message, the agent command at the
 * top of its prompt file): seed 004's "emit only a unified git diff", with the patch policy.
 */
export function repairInstructions(doc: RepairContextDocument, answer: 'diff' | 'edit'): string {
  const rules = [
    'You repair a web application that fails at runtime. Fix the root cause described below with the smallest correct change.',
    `The patch may change at most ${doc.policy.maxFiles} files and ${doc.policy.maxChangedLines} lines, only inside the app root.`,
    `Never edit tests or other protected paths (${doc.policy.protectedPaths.join(', ')}); never delete or rename files.`,
    'Do not change the API contract (the OpenAPI operation is the specification the code must satisfy).',
  ];
  if (answer === 'diff') {
    rules.push(
      'Answer with ONE unified diff in git format and nothing else: no prose, no explanation.',
      'Paths are relative to the app root with a/ and b/ prefixes (`--- a/app/x.py`, `+++ b/app/x.py`); each hunk has 3 lines of context copied exactly from the code shown.',
    );
  } else {
    rules.push('Edit the files in the current directory (a scratch copy of the app); whatever you change there is collected as the patch.');
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
  if (doc.culprit) out.push(`Culprit: ${doc.culprit.file}:${doc.culprit.line}${doc.culprit.function ? ` in ${doc.culprit.function}` : ''}`);
  if (doc.frames.length > 0) {
    out.push('', '## Stack (outermost first, the failing frame last)', '');
    for (const f of doc.frames) out.push(`- ${f.file}:${f.line}${f.function ? ` in ${f.function}` : ''}${f.inApp ? '' : ' (library)'}`);
  }
  if (doc.code && doc.culprit) {
    out.push('', `## Code around the culprit (${doc.culprit.file}, \`>\` marks line ${doc.culprit.line})`, '', fence(doc.code, doc.language));
  }
  if (doc.definitions.length > 0) {
    out.push('', '## Functions and classes named in the trace');
    for (const d of doc.definitions) out.push('', `### ${d.kind} ${d.name} (${d.file}:${d.line})`, '', fence(d.code, doc.language));
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
      if (Object.keys(op.schemas).length > 0) out.push('Referenced schemas:', fence(JSON.stringify(op.schemas, null, 2), 'json'));
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
  return out.join('\n') + '\n';
}

/** System + user messages of the LLM strategy (a pure function of the context). */
export function buildRepairPrompt(doc: RepairContextDocument): ChatMessage[] {
  return [
    { role: 'system', content: repairInstructions(doc, 'diff') },
    { role: 'user', content: `${renderRepairContext(doc)}\nReply with the unified diff only.\n` },
  ];
}

function fence(text: string, language: string | null): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language ?? ''}\n${text.replace(/\n$/, '')}\n${ticks}`;
}

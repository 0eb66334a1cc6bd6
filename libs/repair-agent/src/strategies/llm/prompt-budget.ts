import type { ChatMessage } from './chat-client.js';
import { buildRepairPrompt } from './prompt.js';
import type { RepairContextDocument } from './repair-context.js';

/**
 * Tokens of a text, estimated at 4 characters a token (English prose and code average 3.5–4.5
 * with the common tokenizers; no tokenizer of the model is at hand). Deliberately simple.
 */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Estimated tokens of a prompt's messages. */
function promptTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + estimateTokens(m.content) + 4, 0);
}

type Step = (doc: RepairContextDocument) => { doc: RepairContextDocument; left: string } | null;

const EXCERPT = 300;
const SHORT_CODE = 12;

// Least useful first. The failure itself (signature, exception, culprit line) is never dropped.
const STEPS: readonly Step[] = [
  (d) =>
    d.frames.some((f) => !f.inApp)
      ? { doc: { ...d, frames: d.frames.filter((f) => f.inApp) }, left: 'library frames of the stack' }
      : null,
  (d) => (d.investigations.length > 0 ? { doc: { ...d, investigations: [] }, left: 'the investigation notes' } : null),
  (d) =>
    d.requests.length > 1
      ? {
          doc: { ...d, requests: d.requests.slice(0, 1) },
          left: `${d.requests.length - 1} more failing request(s) of the same cause`,
        }
      : null,
  (d) =>
    d.openapi.some((op) => Object.keys(op.schemas).length > 0)
      ? {
          doc: { ...d, openapi: d.openapi.map((op) => ({ ...op, schemas: {} })) },
          left:
            `the OpenAPI schemas the operation references ` +
            `(${d.openapi.flatMap((op) => Object.keys(op.schemas)).join(', ')})`,
        }
      : null,
  (d) => {
    const last = d.definitions.at(-1);
    return last
      ? {
          doc: { ...d, definitions: d.definitions.slice(0, -1) },
          left: `the source of ${last.kind} ${last.name} (${last.file}:${last.line})`,
        }
      : null;
  },
  (d) =>
    d.requests.some((r) => r.responseExcerpt.length > EXCERPT)
      ? {
          doc: {
            ...d,
            requests: d.requests.map((r) =>
              r.responseExcerpt.length > EXCERPT
                ? { ...r, responseExcerpt: `${r.responseExcerpt.slice(0, EXCERPT)}…` }
                : r,
            ),
          },
          left: `response bodies past their first ${EXCERPT} characters`,
        }
      : null,
  (d) =>
    d.previousAttempts.length > 2
      ? {
          doc: { ...d, previousAttempts: d.previousAttempts.slice(-2) },
          left: `${d.previousAttempts.length - 2} older earlier attempt(s)`,
        }
      : null,
  (d) =>
    d.frames.length > 3
      ? { doc: { ...d, frames: d.frames.slice(-3) }, left: `${d.frames.length - 3} outer frame(s) of the stack` }
      : null,
  (d) =>
    d.openapi.length > 0
      ? {
          doc: { ...d, openapi: [] },
          left: `the OpenAPI operation(s) ${d.openapi.map((op) => op.endpoint).join(', ')}`,
        }
      : null,
  (d) =>
    d.handler?.code
      ? {
          doc: { ...d, handler: { ...d.handler, code: null } },
          left: `the code of the handler ${d.handler.function ?? ''} (${d.handler.file})`.replace('  ', ' '),
        }
      : null,
  (d) => {
    const shorter = d.code ? aroundMarked(d.code, SHORT_CODE) : null;
    return shorter && shorter !== d.code
      ? { doc: { ...d, code: shorter }, left: `the code around the culprit past ${SHORT_CODE} lines` }
      : null;
  },
];

/**
 * The repair prompt within `maxTokens` (estimated): the parts least useful to a repair are left
 * out first — library frames, investigator notes, further requests of the same cause, referenced
 * schemas, called functions' source (outermost first), long response bodies, old attempts, outer
 * frames, the OpenAPI operation, the handler's code, then all but a few lines around the culprit —
 * and the prompt says what was left out. Without a budget, or within it, the prompt is whole.
 */
export function fitPromptBudget(
  doc: RepairContextDocument,
  maxTokens: number | undefined,
): { messages: ChatMessage[]; doc: RepairContextDocument; tokens: number } {
  let current = doc;
  let messages = buildRepairPrompt(current);
  if (maxTokens === undefined) return { messages, doc: current, tokens: promptTokens(messages) };
  const left: string[] = [];
  for (const step of STEPS) {
    // A step may apply more than once (one definition at a time).
    for (let next = step(current); next && promptTokens(messages) > maxTokens; next = step(current)) {
      left.push(next.left);
      current = { ...next.doc, trimmed: [...left] };
      messages = buildRepairPrompt(current);
    }
    if (promptTokens(messages) <= maxTokens) break;
  }
  return { messages, doc: current, tokens: promptTokens(messages) };
}

// The marked line and the lines around it, `total` in all (numbered listing as codeAround writes it).
function aroundMarked(code: string, total: number): string {
  const lines = code.split('\n');
  const at = Math.max(
    0,
    lines.findIndex((l) => /^ *\d+>/.test(l)),
  );
  const start = Math.max(0, Math.min(at - Math.floor(total / 2), lines.length - total));
  return lines.slice(start, start + total).join('\n');
}

import { createOpenAiChatClient } from '../../adapters/openai-chat-client.js';
import { codeAround } from '../../localize.js';
import { RepairAgentError } from '../../errors.js';
import type { RootCause, Usage } from '../../types.js';
import type { RepairStrategy, StrategyContext } from '../strategy.js';
import { applyDiffToTree } from './apply-diff.js';
import { completeWithRetry } from './complete-with-retry.js';
import { buildPublicQuestion, dependencyVersions, priceUsage, type InvestigatorAnswer } from './investigators.js';
import { parseLlmStrategyOptions, type LlmStrategyOptions } from './llm-options.js';
import { extractUnifiedDiff } from './parse-diff.js';
import { buildRepairPrompt } from './prompt.js';
import { buildRepairContext, type ContextInvestigation } from './repair-context.js';

/**
 * A failed LLM attempt (`SMOKE_LLM_TIMEOUT`, `SMOKE_LLM_HTTP`, `SMOKE_LLM_MALFORMED_DIFF`,
 * `SMOKE_LLM_DIFF_DOES_NOT_APPLY` …) with the tokens it spent.
 */
export class LlmStrategyError extends RepairAgentError {
  constructor(
    code: string,
    message: string,
    readonly usage: Usage | undefined,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'LlmStrategyError';
  }
}

/**
 * Strategy 3: asks an OpenAI-compatible chat model (temperature 0, top_p 0) for a unified diff,
 * given the culprit, the code around it, the definitions named in the trace, the failing
 * requests, the violated OpenAPI operation, investigator notes and the earlier failed attempts.
 * The diff is applied to the overlay tree with real `git apply`; the engine then checks it
 * against the patch policy like any other patch. Malformed, non-applying or timed-out answers
 * throw an `LlmStrategyError`, which the engine records as a failed attempt with its reason.
 */
export function createLlmStrategy(input: LlmStrategyOptions): RepairStrategy {
  const options = parseLlmStrategyOptions(input);
  const client = options.client ?? createOpenAiChatClient({ baseUrl: options.baseUrl, apiKeyEnv: options.apiKeyEnv });
  const investigations = new Map<string, Promise<(ContextInvestigation & { usage?: Usage })[]>>();

  return {
    name: 'llm',
    async propose(cause, context) {
      const started = investigations.get(cause.signature.hash) ?? investigate(cause, context);
      investigations.set(cause.signature.hash, started);
      const notes = await started;
      const spent: Usage[] = notes.flatMap((n) => (n.usage ? [n.usage] : []));
      const doc = await buildRepairContext(cause, context, { ...(options.openapi !== undefined ? { openapi: options.openapi } : {}), investigations: notes.map(({ kind, answer }) => ({ kind, answer })) });
      let response;
      try {
        response = await completeWithRetry(
          client,
          { model: options.model, messages: buildRepairPrompt(doc), temperature: 0, topP: 0, maxTokens: options.maxTokens },
          { maxRetries: options.maxRetries, backoffMs: options.backoff.baseMs, jitter: options.backoff.jitter, timeoutMs: options.timeoutMs },
          context.signal,
        );
      } catch (error) {
        if (context.signal?.aborted) throw error;
        const code = error instanceof RepairAgentError ? error.code : 'SMOKE_LLM_FAILED';
        throw new LlmStrategyError(code, `llm: ${(error as Error).message}`, total(spent), { cause: error });
      }
      if (response.usage) spent.push(priceUsage(response.usage, options.prices));
      const usage = total(spent);
      const extracted = extractUnifiedDiff(response.content);
      if (!extracted.ok) throw new LlmStrategyError('SMOKE_LLM_MALFORMED_DIFF', `llm: ${extracted.reason}`, usage);
      let changed: string[];
      try {
        changed = await applyDiffToTree(extracted.diff, extracted.files, context.tree);
      } catch (error) {
        throw new LlmStrategyError((error as RepairAgentError).code ?? 'SMOKE_LLM_DIFF_DOES_NOT_APPLY', `llm: ${(error as Error).message}`, usage, { cause: error });
      }
      if (changed.length === 0) throw new LlmStrategyError('SMOKE_LLM_EMPTY_DIFF', 'llm: the diff changes nothing', usage);
      const retries = response.requests > 1 ? ` after ${response.requests - 1} retr${response.requests === 2 ? 'y' : 'ies'}` : '';
      return { summary: `llm ${options.model} patched ${changed.join(', ')}${retries}`, ...(usage ? { usage } : {}) };
    },
  };

  // Seed 004: once per unique signature; a failing investigator only costs its note.
  async function investigate(cause: RootCause, context: StrategyContext): Promise<(ContextInvestigation & { usage?: Usage })[]> {
    if (options.investigators.length === 0) return [];
    const exception = context.exception ?? { type: cause.signature.exceptionType, message: cause.signature.message };
    const errorText = `${exception.type}: ${exception.message}`;
    const code = context.culprit ? await codeAround(context.tree, context.culprit, 40) : null;
    const out: (ContextInvestigation & { usage?: Usage })[] = [];
    for (const investigator of options.investigators) {
      const signal = context.signal ?? new AbortController().signal;
      let answer: InvestigatorAnswer;
      try {
        if (investigator.kind === 'private') {
          answer = await investigator.ask({ errorText, location: context.culprit ? `${context.culprit.file}:${context.culprit.line}` : null, code }, signal);
        } else {
          const versions = options.versions ?? dependencyVersions({ 'requirements.txt': await context.tree.read('requirements.txt'), 'package.json': await context.tree.read('package.json') });
          const privateText = [code ?? '', ...(cause.trace?.frames ?? []).map((f) => f.source ?? '')];
          answer = await investigator.ask(buildPublicQuestion(cause.trace, cause.signature.message, { versions, privateText }), signal);
        }
      } catch (error) {
        out.push({ kind: investigator.kind, answer: `(no answer: ${(error as Error).message})` });
        continue;
      }
      if (answer.text.trim()) out.push({ kind: investigator.kind, answer: answer.text, ...(answer.usage ? { usage: answer.usage } : {}) });
    }
    return out;
  }
}

function total(usages: readonly Usage[]): Usage | undefined {
  if (usages.length === 0) return undefined;
  const costs = usages.filter((u) => u.costUsd !== undefined);
  return {
    promptTokens: usages.reduce((s, u) => s + u.promptTokens, 0),
    completionTokens: usages.reduce((s, u) => s + u.completionTokens, 0),
    ...(costs.length > 0 ? { costUsd: Math.round(costs.reduce((s, u) => s + u.costUsd!, 0) * 1e6) / 1e6 } : {}),
  };
}

import { createOpenAiChatClient } from '../../adapters/openai-chat-client.js';
import { redactingChatClient } from './redacting-chat-client.js';
import { codeAround } from '../../localize.js';
import { RepairAgentError, type RepairAgentErrorCode } from '../../errors.js';
import { patchDiffHash } from '../../diff/diff-hash.js';
import { unifiedDiff } from '../../diff/unified-diff.js';
import type { RootCause, Usage } from '../../types.js';
import type { RepairStrategy, StrategyContext } from '../strategy.js';
import { ChatClientError, type ChatMessage, type ChatRequest } from './chat-client.js';
import { completeWithRetry, type RetriedResponse } from './complete-with-retry.js';
import { applyEdits, writeEdits, type AppliedEdits } from './edits/apply-edits.js';
import { EditApplyError } from './edits/edit.js';
import { parseEditAnswer } from './edits/parse-edit-answer.js';
import { buildPublicQuestion, dependencyVersions, priceUsage, type InvestigatorAnswer } from './investigators.js';
import { parseLlmStrategyOptions, type LlmStrategyOptions } from './llm-options.js';
import { fitPromptBudget } from './prompt-budget.js';
import { buildRepairContext, type ContextInvestigation } from './repair-context.js';
import { describeSyntaxProblems, syntaxProblems } from './syntax-check.js';

/**
 * A failed LLM attempt (`SMOKE_LLM_TIMEOUT`, `SMOKE_LLM_HTTP`, `SMOKE_LLM_MALFORMED_DIFF`,
 * `SMOKE_LLM_DIFF_DOES_NOT_APPLY`, `SMOKE_LLM_TRUNCATED`, `SMOKE_LLM_SYNTAX_ERROR` …) with the
 * tokens it spent.
 */
export class LlmStrategyError extends RepairAgentError {
  constructor(
    code: RepairAgentErrorCode,
    message: string,
    readonly usage: Usage | undefined,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'LlmStrategyError';
  }
}

/** One of the answers asked for a prompt: its own conversation, and whether it was proposed. */
interface Sample {
  readonly index: number;
  readonly temperature: number;
  readonly messages: ChatMessage[];
  readonly first: RetriedResponse;
  used: boolean;
}

/** Why one answer was not usable: told to the model in the next turn, recorded when none is left. */
interface TurnFailure {
  readonly code: RepairAgentErrorCode;
  readonly reason: string;
  readonly feedback: string;
}

/**
 * Strategy 3: asks an OpenAI-compatible chat model (temperature 0) for SEARCH/REPLACE blocks,
 * given the culprit, the code around it, the definitions named in the trace (or, without a trace,
 * the endpoint's handler and its mounts), the failing requests as curl lines with their responses,
 * the violated OpenAPI operation cut to the statuses involved, investigator notes and the earlier
 * failed attempts — within `maxPromptTokens`, the least useful parts left out first. With
 * `samples` > 1 it asks for several answers (greedy, then at `sampleTemperature`), each its own
 * candidate: one is proposed per round, the next when the loop rejected the previous one.
 * Any edit shape models write is accepted (see `parseEditAnswer`) and placed flexibly but never
 * guessed (`applyEdits`). An answer cut off at `max_tokens`, without an edit, that does not
 * apply or leaves a syntax error is never proposed: the model is told why and asked again, up
 * to `maxRepairTurns` times, in the same conversation. The engine then checks the patch against
 * the policy like any other. A failure throws an `LlmStrategyError` with the tokens spent.
 */
export function createLlmStrategy(input: LlmStrategyOptions): RepairStrategy {
  const options = parseLlmStrategyOptions(input);
  const client = redactingChatClient(
    options.client ?? createOpenAiChatClient({ baseUrl: options.baseUrl, apiKeyEnv: options.apiKeyEnv }),
    options.secrets,
  );
  const investigations = new Map<string, Promise<(ContextInvestigation & { usage?: Usage })[]>>();
  // A server that refused the `top_p` sent is not sent one again.
  let sendTopP = options.topP > 0 || options.acceptsTopPZero;

  // Per root cause (signature hash): the samples asked for its current prompt, in order.
  const sampled = new Map<string, Sample[]>();

  return {
    name: 'llm',
    async propose(cause, context) {
      const started = investigations.get(cause.signature.hash) ?? investigate(cause, context);
      investigations.set(cause.signature.hash, started);
      const notes = await started;
      const spent: Usage[] = notes.flatMap((n) => (n.usage ? [n.usage] : []));
      let samples = sampled.get(cause.signature.hash);
      // Samples left from an earlier round are candidates the loop has not verified yet.
      if (!samples || samples.every((sample) => sample.used)) {
        const doc = await buildRepairContext(cause, context, {
          ...(options.openapi !== undefined ? { openapi: options.openapi } : {}),
          investigations: notes.map(({ kind, answer }) => ({ kind, answer })),
        });
        const { messages } = fitPromptBudget(doc, options.maxPromptTokens);
        samples = [];
        for (let i = 0; i < options.samples; i++) {
          const temperature = i === 0 ? 0 : options.sampleTemperature;
          const conversation = [...messages];
          const first = await ask(conversation, context, spent, temperature);
          if (first.usage) spent.push(priceUsage(first.usage, options.prices));
          samples.push({ index: i + 1, temperature, messages: conversation, first, used: false });
        }
        sampled.set(cause.signature.hash, samples);
      }
      let failure: TurnFailure | null = null;
      for (const sample of samples) {
        if (sample.used) continue;
        sample.used = true;
        const outcome = await converse(sample, context, spent);
        if ('failure' in outcome) {
          failure = outcome.failure;
          continue;
        }
        const mark = context.tree.mark();
        const changed = await writeEdits(outcome.applied, context.tree);
        // A sample proposing what the loop already rejected for this cause is not a new candidate.
        if (context.excluded.diffs.has(patchDiffHash(unifiedDiff(await context.tree.editsSince(mark)).diff))) {
          context.tree.rollback(mark);
          failure = {
            code: 'SMOKE_LLM_ALREADY_REJECTED',
            reason: `sample ${sample.index} proposes the patch already rejected`,
            feedback: '',
          };
          continue;
        }
        const retries = outcome.requests - outcome.turn - 1;
        const notes = [
          samples.length > 1
            ? `sample ${sample.index} ` +
              `of ${samples.length}${sample.temperature > 0 ? ` (temperature ${sample.temperature})` : ''}`
            : '',
          retries > 0 ? `${retries} retr${retries === 1 ? 'y' : 'ies'}` : '',
          outcome.turn > 0 ? `${outcome.turn} repair turn${outcome.turn === 1 ? '' : 's'}` : '',
        ].filter(Boolean);
        const usage = total(spent);
        return {
          summary:
            `llm ${options.model} ` +
            `patched ${changed.join(', ')}${notes.length ? ` after ${notes.join(' and ')}` : ''}`,
          ...(usage ? { usage } : {}),
        };
      }
      const turns =
        options.maxRepairTurns > 0 && failure!.code !== 'SMOKE_LLM_ALREADY_REJECTED'
          ? ` (after ${options.maxRepairTurns + 1} answers)`
          : '';
      throw new LlmStrategyError(failure!.code, `llm: ${failure!.reason}${turns}`, total(spent));
    },
  };

  // One sample's conversation: its first answer, then re-asked with the precise error up to
  // `maxRepairTurns` times until an answer is usable.
  async function converse(
    sample: Sample,
    context: StrategyContext,
    spent: Usage[],
  ): Promise<{ applied: AppliedEdits; turn: number; requests: number } | { failure: TurnFailure }> {
    let failure: TurnFailure | null = null;
    let requests = sample.first.requests;
    for (let turn = 0; turn <= options.maxRepairTurns; turn++) {
      if (failure) sample.messages.push({ role: 'user', content: failure.feedback });
      let response = sample.first;
      if (turn > 0) {
        response = await ask(sample.messages, context, spent, sample.temperature);
        requests += response.requests;
        if (response.usage) spent.push(priceUsage(response.usage, options.prices));
      }
      sample.messages.push({ role: 'assistant', content: response.content });
      const outcome = await useAnswer(response, context);
      if ('failure' in outcome) failure = outcome.failure;
      else return { applied: outcome.applied, turn, requests };
    }
    return { failure: failure! };
  }

  // The answer's edits, checked and ready to write; or why the answer is not usable.
  async function useAnswer(
    response: RetriedResponse,
    context: StrategyContext,
  ): Promise<{ applied: AppliedEdits } | { failure: TurnFailure }> {
    const failed = (failure: TurnFailure): { failure: TurnFailure } => ({ failure });
    if (response.finishReason === 'length') {
      return failed({
        code: 'SMOKE_LLM_TRUNCATED',
        reason: `the answer was cut off at max_tokens (${options.maxTokens}); it was not applied`,
        feedback:
          `Your answer was cut off at the token limit (${options.maxTokens} tokens) and was not applied. ` +
          `Answer again, shorter: a sentence at most, then only the SEARCH/REPLACE block(s).`,
      });
    }
    const parsed = parseEditAnswer(response.content);
    if (!parsed.ok)
      return failed({
        code: 'SMOKE_LLM_MALFORMED_DIFF',
        reason: parsed.reason,
        feedback:
          `I could not use your answer: ${parsed.reason}. Reply with SEARCH/REPLACE block(s), each with the ` +
          `file path on the line before it.`,
      });
    let applied;
    try {
      applied = await applyEdits(parsed.edits, context.tree);
    } catch (error) {
      if (!(error instanceof EditApplyError)) throw error;
      return failed({
        code: error.code,
        reason: `the edit does not apply: ${error.reason}`,
        feedback:
          `Your edit does not apply, nothing was changed: ${error.reason}. Copy the SEARCH lines exactly ` +
          `from the current code and answer with corrected SEARCH/REPLACE block(s).`,
      });
    }
    if (applied.files.size === 0)
      return failed({
        code: 'SMOKE_LLM_EMPTY_DIFF',
        reason: 'the edit changes nothing',
        feedback:
          'Your edit changes nothing: the replacement equals the current code. Change the code so the ' +
          'failure is fixed.',
      });
    if (options.syntaxCheck) {
      const problems = await syntaxProblems(applied.files, options.python ? { python: options.python } : {});
      if (problems.length > 0) {
        const text = describeSyntaxProblems(problems);
        return failed({
          code: 'SMOKE_LLM_SYNTAX_ERROR',
          reason: `the edit leaves a syntax error: ${text}`,
          feedback:
            `Your edit was not applied: it leaves a syntax error (${text}). Answer with corrected ` +
            `SEARCH/REPLACE block(s) against the original code.`,
        });
      }
    }
    return { applied };
  }

  async function ask(
    messages: readonly ChatMessage[],
    context: StrategyContext,
    spent: readonly Usage[],
    temperature: number,
  ): Promise<RetriedResponse> {
    const policy = {
      maxRetries: options.maxRetries,
      backoffMs: options.backoff.baseMs,
      jitter: options.backoff.jitter,
      timeoutMs: options.timeoutMs,
    };
    const request = (): ChatRequest => ({
      model: options.model,
      messages: [...messages],
      temperature,
      ...(sendTopP ? { topP: options.topP } : {}),
      maxTokens: options.maxTokens,
    });
    try {
      try {
        return await completeWithRetry(client, request(), policy, context.signal);
      } catch (error) {
        // vLLM validates 0 < top_p <= 1 and answers 400: the same question without top_p.
        if (!sendTopP || !(error instanceof ChatClientError) || error.status !== 400 || !/top_p/i.test(error.message))
          throw error;
        sendTopP = false;
        return await completeWithRetry(client, request(), policy, context.signal);
      }
    } catch (error) {
      if (context.signal?.aborted) throw error;
      const code = error instanceof RepairAgentError ? error.code : 'SMOKE_LLM_FAILED';
      throw new LlmStrategyError(code, `llm: ${(error as Error).message}`, total(spent), { cause: error });
    }
  }

  // Seed 004: once per unique signature; a failing investigator only costs its note.
  async function investigate(
    cause: RootCause,
    context: StrategyContext,
  ): Promise<(ContextInvestigation & { usage?: Usage })[]> {
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
          answer = await investigator.ask(
            { errorText, location: context.culprit ? `${context.culprit.file}:${context.culprit.line}` : null, code },
            signal,
          );
        } else {
          const versions =
            options.versions ??
            dependencyVersions({
              'requirements.txt': await context.tree.read('requirements.txt'),
              'package.json': await context.tree.read('package.json'),
            });
          const privateText = [code ?? '', ...(cause.trace?.frames ?? []).map((f) => f.source ?? '')];
          answer = await investigator.ask(
            buildPublicQuestion(cause.trace, cause.signature.message, { versions, privateText }),
            signal,
          );
        }
      } catch (error) {
        out.push({ kind: investigator.kind, answer: `(no answer: ${(error as Error).message})` });
        continue;
      }
      if (answer.text.trim())
        out.push({ kind: investigator.kind, answer: answer.text, ...(answer.usage ? { usage: answer.usage } : {}) });
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

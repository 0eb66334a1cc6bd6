import type { Usage } from '../../types.js';

/**
 * Token use an agent CLI printed, when it prints it: Aider's `Tokens: 2.3k sent, 120 received.`
 * (with `Cost: $0.01 message`), Codex's `tokens used: 1234`. Summed over every report in the
 * output; null when there is none (the attempt then reports no usage rather than a guess).
 */
export function agentUsage(output: string): Usage | null {
  let prompt = 0;
  let completion = 0;
  let cost = 0;
  let seen = false;
  for (const m of output.matchAll(/Tokens:\s*([\d.,]+)\s*([kKmM]?)\s*sent,\s*([\d.,]+)\s*([kKmM]?)\s*received/g)) {
    prompt += amount(m[1] ?? '0', m[2] ?? '');
    completion += amount(m[3] ?? '0', m[4] ?? '');
    seen = true;
  }
  for (const m of output.matchAll(/Cost:\s*\$([\d.]+)\s*message/g)) cost += Number(m[1]);
  for (const m of output.matchAll(/tokens used:?\s*([\d,]+)/gi)) {
    prompt += amount(m[1] ?? '0', '');
    seen = true;
  }
  if (!seen) return null;
  return {
    promptTokens: prompt,
    completionTokens: completion,
    ...(cost > 0 ? { costUsd: Math.round(cost * 1e6) / 1e6 } : {}),
  };
}

function amount(digits: string, unit: string): number {
  const n = Number(digits.replace(/,/g, ''));
  const scale = unit.toLowerCase() === 'k' ? 1_000 : unit.toLowerCase() === 'm' ? 1_000_000 : 1;
  return Math.round(n * scale);
}

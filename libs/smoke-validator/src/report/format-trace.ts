/** Plain-text rendering of stack traces for reports (JUnit bodies, HTML <pre> blocks). */
import type { StackTrace } from '@smoke-repair/log-parser';

/** `Type: message`, then the frames (outermost first, raise site last, in-app marked), then causes. */
export function formatTrace(trace: StackTrace, maxFrames = 30): string {
  const lines = [`${trace.exception.type}: ${trace.exception.message}`];
  if (trace.culprit)
    lines.push(
      `  ` +
        `culprit:` +
        ` ${trace.culprit.file}:${trace.culprit.line}${trace.culprit.function ? ` in ${trace.culprit.function}` : ''}`,
    );
  lines.push(`  signature: ${trace.signature.key} [${trace.signature.hash}]`);
  const frames = trace.frames.length > maxFrames ? trace.frames.slice(-maxFrames) : trace.frames;
  if (frames.length < trace.frames.length) lines.push(`  … ${trace.frames.length - frames.length} outer frames`);
  for (const f of frames)
    lines.push(
      ` ` +
        ` ${f.inApp ? '>' : ' '} ${f.file}:${f.line}${
          f.function ? ` ` + `in ${f.function}` : ''
        }${f.source ? `\n        ${f.source}` : ''}`,
    );
  for (const cause of trace.causes)
    lines.push(
      `  ${cause.relation === 'context' ? 'during handling of' : 'caused by'}: ${cause.exception.type}:` +
        ` ${cause.exception.message}${cause.culprit ? ` (${cause.culprit.file}:${cause.culprit.line})` : ''}`,
    );
  return lines.join('\n');
}

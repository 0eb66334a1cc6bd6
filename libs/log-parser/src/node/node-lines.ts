/** `    at fn (file:line:col)` or `    at file:line:col`, with optional trailing `{` or `,`. */
export const NODE_FRAME = /^(\s*)at (?:(.+?) \((.+?)\)|(\S.*?))(,| \{)?\s*$/;
/** `file:line:col` (the file may itself contain colons: node:internal/…, file:///…). */
export const NODE_LOCATION = /^(.+):(\d+):(\d+)$/;
export const CAUSE_ELISION = /^\s*\.\.\. \d+ lines? matching cause stack trace \.\.\.\s*$/;
/** An error header: `TypeError: msg`, `Error [ERR_X]: msg`, `[cause]: Error: msg`, `Uncaught Error`. */
export const NODE_HEADER_STRICT = new RegExp(
  String.raw`^\s*(?:\[cause\]: |Uncaught )?([A-Za-z_$][\w$.]*(?:Error|Exception|Rejection|Failure|Fault)|` +
    String.raw`Error)(?: \[([\w-]+)\])?(?:: ?(.*))?\s*$`,
);
/** A header behind a log prefix: `[worker] request failed: TypeError: msg`. */
export const NODE_HEADER_EMBEDDED = /(?:^|[\s:\]])((?:[A-Z][\w$]*)?(?:Error|Exception))(?: \[([\w-]+)\])?: (.*)$/;
export const NODE_HEADER_LOOSE = /^\s*(?:\[cause\]: |Uncaught )?([A-Z][\w$.]*)(?: \[([\w-]+)\])?: (.*)$/;
export const BANNER_LOCATION = /^((?:file:\/\/)?\/\S*|[A-Za-z]:\\\S*|node:\S+):(\d+)$/;
export const CARET_LINE = /^\s*\^+\s*$/;
export const NODE_VERSION_LINE = /^Node\.js v\d+\.\d+\.\d+\s*$/;

/** True when the line is a V8 frame with a real `file:line:col` location. */
export function isLocatedFrame(text: string): boolean {
  if (text.indexOf('at ') < 0) return false;
  const match = NODE_FRAME.exec(text);
  if (!match) return false;
  return NODE_LOCATION.test(match[3] ?? match[4]!);
}
/** pino's err serializer appends each cause to `err.stack` behind this line. */
export const SERIALIZED_CAUSE = /^caused by: (.+)$/;

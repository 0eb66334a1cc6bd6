/** True when `source` is an http(s) URL rather than a file path. */
export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

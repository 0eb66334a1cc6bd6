/**
 * A read answered 2xx with a page envelope (`{items: [], total: 6, page: 1, size: 20}`) whose only
 * list is empty while its count says there are rows, for a request that asked for no particular
 * page (no page, offset, skip or cursor parameter): the first page left its rows out (an offset of
 * `page * size` for pages numbered from 1). Only a body that names itself a page (a page, size,
 * limit or offset key beside the count), so an order's `items: []` beside a money `total` is no page.
 */
import type { CheckFailure } from './check-response.js';

// The count of all matching rows, and the keys only a page envelope carries.
const COUNT = /^(?:total|count|total_?count|total_?items|total_?results|totalCount|totalItems|totalResults)$/;
const PAGE_KEY = /^(?:page|page_?size|pageSize|size|limit|offset|per_?page|perPage|skip|page_?number|pageNumber)$/;
// Query parameters that choose a page other than the first.
const PAGE_CHOICE = /^(?:page|page_?number|pageNumber|p|offset|skip|start|cursor|after|before|from)$/i;

/** The failure when a first page answers no items while its count is positive, else undefined. */
export function emptyFirstPage(
  method: string,
  url: string,
  answered: unknown,
  status: number,
): CheckFailure | undefined {
  if (method.toUpperCase() !== 'GET' || status < 200 || status >= 300) return undefined;
  if (typeof answered !== 'object' || answered === null || Array.isArray(answered)) return undefined;
  const body = answered as Record<string, unknown>;
  const lists = Object.entries(body).filter(([, v]) => Array.isArray(v));
  const counts = Object.entries(body).filter(([k, v]) => COUNT.test(k) && Number.isInteger(v));
  if (lists.length !== 1 || counts.length !== 1 || !Object.keys(body).some((k) => PAGE_KEY.test(k))) return undefined;
  const [list, items] = lists[0]! as [string, unknown[]];
  const [count, total] = counts[0]! as [string, number];
  if (items.length > 0 || total <= 0) return undefined;
  let query: URLSearchParams;
  try {
    query = new URL(url, 'http://x').searchParams;
  } catch {
    return undefined;
  }
  if ([...query.keys()].some((k) => PAGE_CHOICE.test(k))) return undefined;
  return {
    kind: 'schema_mismatch',
    message: `the first page answers no ${list} while its ${count} is ${total}: the page's rows are skipped`,
  };
}

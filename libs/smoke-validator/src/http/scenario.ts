/**
 * The executable form of a smoke scenario, whether generated from OpenAPI or read from a
 * scenario file. Values that come from other scenarios are `bindings` (generated: an id of an
 * inferred resource) or `{{name}}` placeholders (scenario files: captured variables).
 */
import type { ApiResponse } from './openapi/api-model.js';

/** How an operation acts on its resource; drives ordering. */
export type OperationRole = 'create' | 'list' | 'read' | 'update' | 'action' | 'delete' | 'other';

/** A value filled in at run time from the entity another scenario created or listed. */
export interface Binding {
  readonly in: 'path' | 'query' | 'header' | 'body';
  /** Parameter name, or a JSON pointer into the body (`/customer_id`). */
  readonly name: string;
  /** The resource (collection path template, e.g. `/carts/{cart_id}/items`) the id belongs to. */
  readonly resource: string;
  /** The field or parameter name asking for it (`product_id`), used to pick the entity's field. */
  readonly field: string;
  /**
   * The contract's documented example for this id, sent when no scenario of the run provided one (a
   * failed create or listing): the request still runs instead of waiting behind an unrelated bug.
   * Never used for the resource a PUT, PATCH or DELETE changes.
   */
  readonly example?: unknown;
}

/** One scenario, ready to run. */
export interface Scenario {
  readonly id: string;
  /** `POST /carts/{cart_id}/items`. */
  readonly endpoint: string;
  readonly method: string;
  /** Path template; `{param}` filled from `pathParams`, bindings or variables. */
  readonly path: string;
  readonly pathParams: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly mediaType?: string;
  /** Accepted statuses; empty: any status below 400. */
  readonly expectedStatuses: readonly number[];
  /** Documented responses, for the body check. */
  readonly responses: readonly ApiResponse[];
  readonly bindings: readonly Binding[];
  /** Scenario-file variables captured from the response: name → dotted path into the body. */
  readonly captures: Readonly<Record<string, string>>;
  /** Scenarios that must have passed first (explicit, or providers of variables). */
  readonly dependsOn: readonly string[];
  readonly role: OperationRole;
  /** The resource this operation creates, lists or acts on. */
  readonly resource?: string;
  /** Where the scenario came from. */
  readonly origin: 'openapi' | 'file';
  /**
   * An extra generated scenario of an operation: `example` — a further distinct schema-valid
   * request (`smoke.examplesPerOperation`); `boundary` — extreme schema-valid values
   * (`smoke.boundaryScenarios`); `invalid` — a request built to get a documented 404/400/422
   * (`smoke.invalidScenarios`), passing on that refusal only. Variants never provide ids, and run
   * after every positive scenario that is not a delete. Absent: the positive scenario.
   */
  readonly variant?: 'example' | 'boundary' | 'invalid';
  /** The id of the positive scenario a variant varies (it runs after it). */
  readonly variantOf?: string;
  /**
   * Path ids are the contract's documented examples (the app's own data), not ids this run
   * created (`GET /x/{id} [documented ids]`); a 404 to them blocks the scenario.
   */
  readonly documentedIds?: boolean;
  /**
   * Optional query parameters are the contract's documented examples (`GET /x [documented query]`);
   * a 4xx to them blocks the scenario (a filter naming a record this app does not hold).
   */
  readonly documentedQuery?: boolean;
  /**
   * The contract's own values where `makeValuesUnique` suffixed some (`unique`: the suffixed
   * strings sent). A create whose suffixed value turns out to name another record (a `gaugeCode`
   * of the gauge the reading belongs to) is refused as unknown; it is sent again with these.
   */
  readonly documentValues?: DocumentValues;
}

/** A scenario's values as the contract gave them, before some were made unique. */
interface DocumentValues {
  readonly pathParams: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly unique: readonly string[];
}

import type { RepairTemplate } from '../template.js';
import { nodeAsyncErrorForward } from './async-error-forward.js';
import { nodeBooleanField } from './boolean-field.js';
import { nodeComputedField } from './computed-field.js';
import { nodeCountField } from './count-field.js';
import { nodeDateMutatorReturn } from './date-mutator-return.js';
import { nodeDateString } from './date-string.js';
import { nodeNullableCompare } from './nullable-compare.js';
import { nodeDayOfMonthIndex } from './day-of-month-index.js';
import { nodeDtoMapper } from './dto-mapper.js';
import { nodeEmptyDivision } from './empty-division.js';
import { nodeParseNullishDefault } from './parse-nullish-default.js';
import { nodeBackReferenceId } from './back-reference-id.js';
import { nodeBackReferenceLoop } from './back-reference-loop.js';
import { nodeBodyParserOrder } from './body-parser-order.js';
import { nodeEsmDirname } from './esm-dirname.js';
import { nodeEsmRequire } from './esm-require.js';
import { nodeEsmImportExtension } from './esm-import-extension.js';
import { nodeGlobalRegExp } from './global-regexp.js';
import { nodeInvalidDate } from './invalid-date.js';
import { nodeMapParseIntRadix } from './map-parseint-radix.js';
import { nodeFindAsFilter } from './find-as-filter.js';
import { nodeIteratorArray } from './iterator-array.js';
import { nodeConstReassigned } from './const-reassigned.js';
import { nodeJsonParseGuard } from './json-parse-guard.js';
import { nodeMutatedRecordCycle } from './mutated-record-cycle.js';
import { nodeMissingGroupBy } from './missing-group-by.js';
import { nodeJsonParseParsed } from './json-parse-parsed.js';
import { nodeJsonParseDelimited } from './json-parse-delimited.js';
import { nodeKeyStyle } from './key-style.js';
import { nodeLookupKeyName } from './lookup-key-name.js';
import { nodePredicateOperandMember } from './predicate-operand-member.js';
import { nodeMapAsArray } from './map-as-array.js';
import { nodeMapMissingReturn } from './map-missing-return.js';
import { nodeMemberByUse } from './member-by-use.js';
import { nodeRelationLookup } from './relation-lookup.js';
import { nodeMissingField } from './missing-field.js';
import { nodeDroppedField } from './dropped-field.js';
import { nodeMisnamedResponseKey } from './misnamed-response-key.js';
import { nodeSelectedColumn } from './selected-column.js';
import { nodeMissingEntity404 } from './missing-entity-404.js';
import { nodeMountAfterCatchAll } from './mount-after-catch-all.js';
import { nodeNestBodyKey } from './nest-body-key.js';
import { nodeNestDtoValidator } from './nest-dto-validator.js';
import { nodeNestHttpCode } from './nest-http-code.js';
import { nodeNestBodyParam } from './nest-body-param.js';
import { nodeNestRouteOrder } from './nest-route-order.js';
import { nodeNestNotFound } from './nest-not-found.js';
import { nodeNestParamPipe } from './nest-param-pipe.js';
import { nodeNestUnmountedController } from './nest-unmounted-controller.js';
import { nodeNotNullInsert } from './not-null-insert.js';
import { nodeStoredKeyStyle } from './stored-key-style.js';
import { nodeNotNullTimestamp } from './not-null-timestamp.js';
import { nodeNumberField } from './number-field.js';
import { nodeNumericCompare } from './numeric-compare.js';
import { nodeOffByOne } from './off-by-one.js';
import { nodeOptionalBody } from './optional-body.js';
import { nodeOptionalFilter } from './optional-filter.js';
import { nodeOptionalRequestField } from './optional-request-field.js';
import { nodeRequestFieldName } from './request-field-name.js';
import { nodeFrozenUpdate } from './frozen-update.js';
import { nodeFrozenSeedCopy } from './frozen-seed-copy.js';
import { nodeFrozenSeedRows } from './frozen-seed-rows.js';
import { nodeEnumNameKeyedTable } from './enum-name-keyed-table.js';
import { nodeEnumSpellingConstant } from './enum-spelling-constant.js';
import { nodeEnumVariantKeyedTable } from './enum-variant-keyed-table.js';
import { nodeFrozenDefaultsMerge } from './frozen-defaults-merge.js';
import { nodeGetterAssignment } from './getter-assignment.js';
import { nodeParamCast } from './param-cast.js';
import { nodeUnitField } from './unit-field.js';
import { nodeParamArgument } from './param-argument.js';
import { nodeRouteMethod } from './route-method.js';
import { nodeRoutePrefix } from './route-prefix.js';
import { nodeRouteSegment } from './route-segment.js';
import { nodeParamCompare } from './param-compare.js';
import { nodePendingArray } from './pending-array.js';
import { nodePendingArgument } from './pending-argument.js';
import { nodeProjectValidator } from './project-validator.js';
import { nodePendingField } from './pending-field.js';
import { nodeMapField } from './map-field.js';
import { nodeMapEntryInit } from './map-entry-init.js';
import { nodeCollectionField } from './collection-field.js';
import { nodePendingGuard } from './pending-guard.js';
import { nodePredicateAssignment } from './predicate-assignment.js';
import { nodeCircularRequire } from './circular-require.js';
import { nodeImportName } from './import-name.js';
import { nodeRawParamFilter } from './raw-param-filter.js';
import { nodePendingRecord } from './pending-record.js';
import { nodeFoldedTableKey } from './folded-table-key.js';
import { nodeImportShape } from './import-shape.js';
import { nodeEnumAccumulator } from './enum-accumulator.js';
import { nodeCaseFoldedMembership } from './case-folded-membership.js';
import { nodeEnumKeysMembership } from './enum-keys-membership.js';
import { nodeEnvDefault } from './env-default.js';
import { nodeFormatPattern } from './format-pattern.js';
import { nodePartialUpdate } from './partial-update.js';
import { nodeSpreadUndefinedUpdate } from './spread-undefined-update.js';
import { nodeStatefulRegExpTest } from './stateful-regexp-test.js';
import { nodePendingResponse } from './pending-response.js';
import { nodePromiseAllArray } from './promise-all-array.js';
import { nodeQueryCoerce } from './query-coerce.js';
import { nodeQueryNumberRead } from './query-number-read.js';
import { nodeReduceEmpty } from './reduce-empty.js';
import { nodeIndexAsId } from './index-as-id.js';
import { nodeCountSequence } from './count-sequence.js';
import { nodeDocumentedDefault } from './documented-default.js';
import { nodeRouteParamName } from './route-param-name.js';
import { nodeRouterMergeParams } from './router-merge-params.js';
import { nodeSendStatusChained } from './send-status-chained.js';
import { nodeSortKeyStyle } from './sort-key-style.js';
import { nodeSortedCopy } from './sorted-copy.js';
import { nodeSpreadGetter } from './spread-getter.js';
import { nodeSqliteBindBoolean } from './sqlite-bind-boolean.js';
import { nodeSqlColumnCase } from './sql-column-case.js';
import { nodeSqlColumnName } from './sql-column-name.js';
import { nodeNotNullRowMember } from './not-null-row-member.js';
import { nodeSqlAmbiguousColumn } from './sql-ambiguous-column.js';
import { nodeInsertMissingColumn } from './insert-missing-column.js';
import { nodeSqlCheckLiteral } from './sql-check-literal.js';
import { nodeSqlSumNull } from './sql-sum-null.js';
import { nodeStoredJsonInsert } from './stored-json-insert.js';
import { nodeStoredList } from './stored-list.js';
import { nodeStringEnum } from './string-enum.js';
import { nodeUnboundMethod } from './unbound-method.js';
import { nodeValidationStatus } from './validation-status.js';
import { nodeExpressRouteOrder } from './express-route-order.js';
import { nodeTransitionTableKey } from './transition-table-key.js';
import { nodeInvertedStockGuard } from './inverted-stock-guard.js';
import { nodeWrongStateGuard } from './wrong-state-guard.js';
import { nodeZodIntRefused } from './zod-int-refused.js';
import { nodeLookupKeyFold } from './lookup-key-fold.js';
import { nodeZodJsonDate } from './zod-json-date.js';
import { nodeNullRelationDefault } from './null-relation-default.js';
import { nodeNullableDateField } from './nullable-date-field.js';
import { nodeNullableRelation } from './nullable-relation.js';
import { nodeValidatorSource } from './validator-source.js';
import { nodeSqlBindDate } from './sql-bind-date.js';
import { nodeMiddlewareNext } from './middleware-next.js';
import { nodeTableKeyMember } from './table-key-member.js';

/** The contract-guided JavaScript templates, tried after the recipes, in this order. */
export const nodeTemplates: readonly RepairTemplate[] = [
  // NestJS: each needs a Nest app (decorated controllers and modules), so they never touch Express code.
  nodeNestUnmountedController,
  nodeNestHttpCode,
  nodeNestBodyParam,
  nodeNestParamPipe,
  nodeNestBodyKey,
  nodeNestRouteOrder,
  nodeNestDtoValidator,
  nodeNestNotFound,
  // Express: a static route registered after a parametrised one that matches its path.
  nodeExpressRouteOrder,
  // A name destructured (or a module bound) from a module that requires this file back: empty during the cycle.
  nodeCircularRequire,
  // A require bound as a member of a module that exports the function itself, or the reverse.
  nodeImportShape,
  nodeImportName,
  nodeRawParamFilter,
  nodePendingRecord,
  nodeFoldedTableKey,
  // A per-value accumulator literal missing a bucket for a documented value.
  nodeEnumAccumulator,
  // Fixes of the cause before the forward: a forward alone leaves the same error answered 500.
  nodeUnboundMethod,
  // A Date setter's numeric result handed on as the Date it changed: hand on the Date, where the number is made.
  nodeDateMutatorReturn,
  nodeDateString,
  nodeNullableCompare,
  // An optional related record read through although null: the module's default constant for that value.
  nodeNullRelationDefault,
  // …or a nullable related object built from a record that is absent: null.
  nodeNullableRelation,
  nodeNullableDateField,
  nodeKeyStyle,
  // …or read by a key handed down as a string literal in the other case style (`sortBy: 'created_at'`).
  nodeSortKeyStyle,
  nodeMissingField,
  // …or the record's builder copies its input field by field and leaves the one out.
  nodeDroppedField,
  // …or an update built from every input field writes undefined over the ones the request left out.
  nodePartialUpdate,
  // …or a literal of optional request fields spread over the stored record: undefined overrides it (5xx).
  nodeSpreadUndefinedUpdate,
  nodeMisnamedResponseKey,
  nodeSelectedColumn,
  nodeCountField,
  nodeSpreadGetter,
  nodeComputedField,
  nodeNumberField,
  // A flag SQLite hands back as 0/1 where the contract documents a boolean.
  nodeBooleanField,
  // A numeric TypeScript enum sent where the contract documents its members as strings.
  nodeStringEnum,
  // A documented number field in another unit than its name says (`priceCents: course.price`).
  nodeUnitField,
  nodeOptionalFilter,
  nodeOptionalRequestField,
  // …or read under a name the contract does not document (`data.client` for `clientName`).
  nodeRequestFieldName,
  // A module's table looked up by a member its objects never have: the member holding its keys.
  nodeTableKeyMember,
  // `x.m.p` where records carry only `mId`: the project's own getter of `m` by that id.
  nodeRelationLookup,
  nodeMemberByUse,
  nodeDtoMapper,
  nodePromiseAllArray,
  nodeGlobalRegExp,
  nodeNumericCompare,
  nodeEmptyDivision,
  nodeParseNullishDefault,
  nodeReduceEmpty,
  nodeIndexAsId,
  nodeSqliteBindBoolean,
  // SQL built from camelCase keys where the schema's columns are snake_case (no such column: dailyRate).
  nodeSqlColumnCase,
  // …or a column written out under a name its table does not have (joined_at for joined_on).
  nodeSqlColumnName,
  nodeNotNullRowMember,
  // …or a join that names a column several of its tables have, unqualified.
  nodeSqlAmbiguousColumn,
  // An INSERT whose column list leaves out a NOT NULL column its values' object has.
  nodeInsertMissingColumn,
  // A SQL SUM that is NULL over no rows, converted by the code.
  nodeSqlSumNull,
  nodeSqlCheckLiteral,
  nodeNotNullInsert,
  // A request field read as a string unchecked: the project's validator its siblings go through.
  nodeProjectValidator,
  // A record stored under its column's key in the other case style (`owner_id` for `ownerId`).
  nodeStoredKeyStyle,
  // A new record numbered with the record count: refused as a duplicate key.
  nodeCountSequence,
  // A query parameter defaulting to a value the code's own list no longer allows: the documented default.
  nodeDocumentedDefault,
  nodeNotNullTimestamp,
  nodeBodyParserOrder,
  // …or a body the contract does not require, which Express 5 leaves undefined when none comes.
  nodeOptionalBody,
  nodeEsmDirname,
  nodeEsmRequire,
  // A relative import without the extension Node's ES module loader needs (ERR_MODULE_NOT_FOUND).
  nodeEsmImportExtension,
  nodeMissingGroupBy,
  // A name declared const that the code assigns again (an accumulator): let.
  nodeConstReassigned,
  nodeIteratorArray,
  // …or on the Map / Set itself (`db.rooms.filter`, rooms made with `new Map()`).
  nodeMapAsArray,
  // …or on the one item Array#find returns (`find(...).sort is not a function`): the list filter gives.
  nodeFindAsFilter,
  // …or made of numbers parsed by map(parseInt), each element in the radix of its index.
  nodeMapParseIntRadix,
  nodeInvalidDate,
  nodePendingResponse,
  // …or a body chained after res.sendStatus(n), which has ended the response with the status's text.
  nodeSendStatusChained,
  // A child record that keeps its parent object (JSON runs round the circle): the documented parent id.
  nodeBackReferenceId,
  nodeMutatedRecordCycle,
  nodeBackReferenceLoop,
  nodePendingArray,
  // …or a block-bodied map callback that builds each item and never returns it: every item null.
  nodeMapMissingReturn,
  // …or handed on unawaited to a function that reads it.
  nodePendingArgument,
  nodePendingField,
  // …or a Map, which JSON sends as {}.
  nodeMapField,
  // A Map's entry changed in place before one was made for its key.
  nodeMapEntryInit,
  // …or a Set / Map, which JSON writes as {} where the contract documents an array.
  nodeCollectionField,
  // …or a guard reads it as a record and refuses a valid request (the 4xx's message names the guard).
  nodePendingGuard,
  // …or its array predicate assigns (`k.email = email`) where it meant to compare.
  nodePredicateAssignment,
  // …or a table of allowed moves is looked up by the state asked for, not the one the record is in.
  nodeTransitionTableKey,
  // …or a stock guard turned round: it refuses the amounts the code then takes off.
  nodeInvertedStockGuard,
  // A state guard asking for another state than the contract's words name for the operation.
  nodeWrongStateGuard,
  // A zod .int() refusing the contract's decimal example of a number field.
  nodeZodIntRefused,
  // …or a value folded to upper case is looked up among values all written in lower case.
  nodeCaseFoldedMembership,
  // …or checked against an enum object's keys (`Object.keys(GRADES)`) where the contract allows its values.
  nodeEnumKeysMembership,
  // …or a table read by a key the project folds (`ink.toLowerCase() in INK_PRICES`) everywhere else.
  nodeLookupKeyFold,
  // A zod z.date() refusing the date JSON sends as text.
  nodeZodJsonDate,
  // …or the list of allowed values spells one documented enum value another way (`in-progress`).
  nodeEnumSpellingConstant,
  // …or the route's validation middleware reads the query (or params) where the body is sent.
  nodeValidatorSource,
  // A Date bound by a SQLite driver that binds none (sql.js logs its refusal without a stack): ISO text.
  nodeSqlBindDate,
  // …or a pattern for a formatted field (email, uuid, date, uri) refuses the contract's own example.
  nodeFormatPattern,
  // …or a numeric setting read from an unset variable without fallback is NaN: the env example's value.
  nodeEnvDefault,
  // …or a RegExp with the g flag tested twice: its lastIndex makes the second .test() fail.
  nodeStatefulRegExpTest,
  nodeStoredList,
  // A request left hanging by a middleware in front of its handler that falls off its end without next().
  nodeMiddlewareNext,
  nodeAsyncErrorForward,
  // An undeclared route parameter before the 404: the entity exists, the handler read the wrong name.
  nodeRouteParamName,
  nodeRouterMergeParams,
  // A mounted router Express never reaches: a catch-all 404 handler is mounted before it.
  nodeMountAfterCatchAll,
  // A router served at its prefix twice (mounted at /x and registering /x/… itself).
  nodeRoutePrefix,
  // …or registered under another word in its own path (`/:id/statistics` for documented `/{id}/stats`).
  nodeRouteSegment,
  // A documented operation no route takes while its path's one route is registered with another, undocumented method.
  nodeRouteMethod,
  // A served route's own 404 for a record that exists: the string parameter compared strictly with a number.
  nodeParamCompare,
  // …or read through a type assertion that claims it is a number (`req.params as unknown as { id: number }`).
  nodeParamCast,
  // …or handed as it is to a lookup in another module (`service.get(req.params.id)`).
  nodeParamArgument,
  // A lookup by a key no record has before the 404: the record exists, the code named its key wrong.
  nodeLookupKeyName,
  // …or a search whose predicate reads a member the outside record's kind lacks: nothing found.
  nodePredicateOperandMember,
  nodeValidationStatus,
  // A zod schema validating the query with z.number(): every request refused 400.
  nodeQueryCoerce,
  // …or a handler reading a numeric query parameter as it is: a string echoed and added to.
  nodeQueryNumberRead,
  nodeDayOfMonthIndex,
  nodeOffByOne,
  // An empty JSON column read back because the INSERT leaves out what the request sent: store it.
  nodeStoredJsonInsert,
  // Before the guard: a field the project stores parsed is read as it is, not parsed or defaulted.
  nodeJsonParseParsed,
  // …or a column the SQL builds as delimited text (`group_concat(tag, ',') AS tags`).
  nodeJsonParseDelimited,
  nodeJsonParseGuard,
  nodeMissingEntity404,
  // Object.assign on a record the store froze on purpose: store the updated copy instead.
  nodeFrozenUpdate,
  // …or live rows that are the frozen seed rows themselves (`[...SEED]` beside `SEED.map((r) => ({ ...r }))`).
  nodeFrozenSeedCopy,
  // …or every frozen seed table taken whole (a spread copy, a store's constructor): its rows copied.
  nodeFrozenSeedRows,
  // A table keyed by a string enum's member names, looked up with its values: keyed by the members.
  nodeEnumNameKeyedTable,
  // …or by the enum's values, one of them in another case or with other separators (`inProgress`).
  nodeEnumVariantKeyedTable,
  // Object.assign into frozen module-level defaults: the merge goes into a new object.
  nodeFrozenDefaultsMerge,
  // …or sort / reverse / splice on a frozen array: the method works on a copy instead.
  nodeSortedCopy,
  nodeGetterAssignment,
];

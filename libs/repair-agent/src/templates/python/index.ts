import { pythonFormatPattern } from './format-pattern.js';
import { pythonJsonEncoder } from '../../recipes/python/json-encoder.js';
import type { RepairTemplate } from '../template.js';
import { pythonAliasPopulateByName } from './alias-populate-by-name.js';
import { pythonAttributeMeaning } from './attribute-meaning.js';
import { pythonMovedFunction } from './moved-function.js';
import { pythonBroadExceptHttp } from './broad-except-http.js';
import { pythonCapacityBound } from './capacity-bound.js';
import { pythonConflictGuard } from './conflict-guard.js';
import { pythonCopiedMappingKey } from './copied-mapping-key.js';
import { pythonCountSequence } from './count-sequence.js';
import { pythonMaxSequence } from './max-sequence.js';
import { pythonContextmanagerDependency } from './contextmanager-dependency.js';
import { pythonDateDatetimeCompare } from './date-datetime-compare.js';
import { pythonDecimalFloatArgument } from './decimal-float-argument.js';
import { pythonDecimalFloatMix } from './decimal-float-mix.js';
import { pythonDecimalFloatConstant } from './decimal-float-constant.js';
import { pythonDetachedBeginBlock } from './detached-begin-block.js';
import { pythonDetachedEagerLoad } from './detached-eager-load.js';
import { pythonDetachedValidatedModel } from './detached-validated-model.js';
import { pythonIdBeforeFlush } from './id-before-flush.js';
import { pythonDetachedInstance } from './detached-instance.js';
import { pythonDetachedRouteSession } from './detached-route-session.js';
import { pythonDetachedServiceRefresh } from './detached-service-refresh.js';
import { pythonDictKey } from './dict-key.js';
import { pythonRowColumnKey } from './row-column-key.js';
import { pythonResultLabel } from './result-label.js';
import { pythonEmptyAggregate } from './empty-aggregate.js';
import { pythonEmptyDivision } from './empty-division.js';
import { pythonEnumKeyedLookup } from './enum-keyed-lookup.js';
import { pythonTerminalStateEntry } from './terminal-state-entry.js';
import { pythonEnumValue } from './enum-value.js';
import { pythonEnumStrStored } from './enum-str-stored.js';
import { pythonEnumNameStored } from './enum-name-stored.js';
import { pythonEnumMemberBound } from './enum-member-bound.js';
import { pythonExceptionNotRaised } from './exception-not-raised.js';
import { pythonFrozenModelAssign } from './frozen-model-assign.js';
import { pythonGeneratorReused } from './generator-reused.js';
import { pythonResultReused } from './result-reused.js';
import { pythonItemResponseModel } from './item-response-model.js';
import { pythonJoinDuplicateRows } from './join-duplicate-rows.js';
import { pythonJsonDumpsWriter } from './json-dumps-writer.js';
import { pythonJsonLoadsEmpty } from './json-loads-empty.js';
import { pythonKeywordName } from './keyword-name.js';
import { pythonListCountLength } from './list-count-length.js';
import { pythonLookupFunction } from './lookup-function.js';
import { pythonMethodNotCalled } from './method-not-called.js';
import { pythonMissingReturn } from './missing-return.js';
import { pythonModelFromAttributes } from './model-from-attributes.js';
import { pythonModelSubscript } from './model-subscript.js';
import { pythonModelKeyword } from './model-keyword.js';
import { pythonModelRequiredField } from './model-required-field.js';
import { pythonModelMissingColumn } from './model-missing-column.js';
import { pythonNaiveAwareDatetime } from './naive-aware-datetime.js';
import { pythonNormalisedOperand } from './normalised-operand.js';
import { pythonNormalisedUniqueCheck } from './normalised-unique-check.js';
import { pythonUniqueConflict } from './unique-conflict.js';
import { pythonNearMissLiteral } from './near-miss-literal.js';
import { pythonNoneConversion } from './none-conversion.js';
import { pythonNoneDeref } from './none-deref.js';
import { pythonNotNullColumn } from './not-null-column.js';
import { pythonDocumentedDefault } from './documented-default.js';
import { pythonExcludeUnsetCreate } from './exclude-unset-create.js';
import { pythonNullableSortKey } from './nullable-sort-key.js';
import { pythonNumberStrMethod } from './number-str-method.js';
import { pythonStateFlag } from './state-flag.js';
import { pythonOffByOneRange } from './off-by-one-range.js';
import { pythonOneBasedIndex } from './one-based-index.js';
import { pythonPartialUpdate } from './partial-update.js';
import { pythonPartialUpdateGuard } from './partial-update-guard.js';
import { pythonPartialUpdateConflict } from './partial-update-conflict.js';
import { pythonAsyncLazyLoad } from './async-lazy-load.js';
import { pythonLazyRaiseRelationship } from './lazy-raise-relationship.js';
import { pythonOptionalReturnOperand } from './optional-return-operand.js';
import { pythonAccumulatorInit } from './accumulator-init.js';
import { pythonOptionalResultField } from './optional-result-field.js';
import { pythonOpenBound } from './open-bound.js';
import { pythonDeleteLoadedEntity } from './delete-loaded-entity.js';
import { pythonEnumColumnValues } from './enum-column-values.js';
import { pythonExecuteRows } from './execute-rows.js';
import { pythonSqlParamsTuple } from './sql-params-tuple.js';
import { pythonSqlBindName } from './sql-bind-name.js';
import { pythonUncommittedCreate } from './uncommitted-create.js';
import { pythonOneBasedPage } from './one-based-page.js';
import { pythonOptionalRelation } from './optional-relation.js';
import { pythonRouteIncludeOrder } from './route-include-order.js';
import { pythonPathParamName } from './path-param-name.js';
import { pythonPathParamType } from './path-param-type.js';
import { pythonPathSegmentName } from './path-segment-name.js';
import { pythonUntypedQueryParam } from './untyped-query-param.js';
import { pythonIterationSnapshot } from './iteration-snapshot.js';
import { pythonOptionalQueryParam } from './optional-query-param.js';
import { pythonQueryAlias } from './query-alias.js';
import { pythonRefreshBeforeCommit } from './refresh-before-commit.js';
import { pythonUnaddedObject } from './unadded-object.js';
import { pythonMissingCommit } from './missing-commit.js';
import { pythonFlushedUpdate } from './flushed-update.js';
import { pythonUncommittedCreateId } from './uncommitted-create-id.js';
import { pythonMutableDefault } from './mutable-default.js';
import { pythonRoutePrefix } from './route-prefix.js';
import { pythonDecimalField } from './decimal-field.js';
import { pythonRelationshipJoin } from './relationship-join.js';
import { pythonRelationshipKeyCompare } from './relationship-key-compare.js';
import { pythonRelationshipKeyAssign } from './relationship-key-assign.js';
import { pythonRelationshipOrderBy } from './relationship-order-by.js';
import { pythonRouteMethod } from './route-method.js';
import { pythonRouteOrder } from './route-order.js';
import { pythonResponseMissingField } from './response-missing-field.js';
import { pythonReturnedCoroutine } from './returned-coroutine.js';
import { pythonRowItemAssignment } from './row-item-assignment.js';
import { pythonRowMappingDict } from './row-mapping-dict.js';
import { pythonStartStateDefault } from './start-state-default.js';
import { pythonStatementNotExecuted } from './statement-not-executed.js';
import { pythonStoredDateLiteral } from './stored-date-literal.js';
import { pythonStrConcatNumber } from './str-concat-number.js';
import { pythonStrValue } from './str-value.js';
import { pythonStringifiedMomentColumn } from './stringified-moment-column.js';
import { pythonStrptimeFormat } from './strptime-format.js';
import { pythonReparsedValue } from './reparsed-value.js';
import { pythonStrptimeRefused } from './strptime-refused.js';
import { pythonRefusedNearMissLiteral } from './refused-near-miss-literal.js';
import { pythonEnumStringCompare } from './enum-string-compare.js';
import { pythonWrongStateGuard } from './wrong-state-guard.js';
import { pythonFloorDivision } from './floor-division.js';
import { pythonUnboundParameterFilter } from './unbound-parameter-filter.js';
import { pythonUncalledConflictLookup } from './uncalled-conflict-lookup.js';
import { pythonValidationRaise } from './validation-raise.js';
import { pythonCaughtDomainException } from './caught-domain-exception.js';
import { pythonHandledBase } from './handled-base.js';
import { pythonUnregisteredHandler } from './unregistered-handler.js';
import { pythonSqlBoundParameter } from './sql-bound-parameter.js';
import { pythonDumpedKey } from './dumped-key.js';
import { pythonValidatorReturn } from './validator-return.js';

/** The contract-guided Python templates, tried after the recipes, in this order. */
export const pythonTemplates: readonly RepairTemplate[] = [
  pythonJsonEncoder,
  // A session dependency that is a @contextmanager: its manager, not a session, reaches the handler.
  pythonContextmanagerDependency,
  // An exception built as a statement and dropped on the failing request's path: raised, before any None fix.
  pythonExceptionNotRaised,
  // A state word compared with a missing attribute: the model's bool flag, before any other member is guessed.
  pythonStateFlag,
  pythonAttributeMeaning,
  // A function called through the project module it moved out of: the one module defining it now.
  pythonMovedFunction,
  pythonDictKey,
  // A sqlite3.Row read under a key its query has no column for: the column the schema gives it.
  pythonRowColumnKey,
  pythonResultLabel,
  pythonKeywordName,
  pythonModelKeyword,
  // `Model(**data)` refusing a key the function already copied to a field the model takes.
  pythonCopiedMappingKey,
  // After the keyword rename: a stray keyword that stands for the missing field is that field's value.
  pythonModelRequiredField,
  pythonModelMissingColumn,
  pythonPathParamType,
  // A query parameter declared with no type arrives as a string a numeric comparison refuses.
  pythonUntypedQueryParam,
  // A loop deleting from the dict it walks: walk a snapshot.
  pythonIterationSnapshot,
  // A path parameter the handler does not take, and a required scalar it reads from the query instead.
  pythonPathParamName,
  // A path segment named otherwise than the contract documents it, the name the handler reads.
  pythonPathSegmentName,
  // A documented query parameter ignored: served under an alias=... the contract does not name.
  // A documented optional query parameter declared without a default: FastAPI refuses its absence (422).
  pythonOptionalQueryParam,
  pythonQueryAlias,
  pythonRouteOrder,
  pythonRouteIncludeOrder,
  // A documented operation answering 405: its one route declared with another, undocumented method.
  pythonRouteMethod,
  // A router served one slip away from its documented path (a prefix given twice, or in the wrong number).
  pythonRoutePrefix,
  // A documented 404/409 answered 500: a route's catch-all except swallows the app's own errors.
  pythonBroadExceptHttp,
  // The documented example refused 422: a hand-written pattern stricter than the field's documented format.
  pythonFormatPattern,
  pythonReturnedCoroutine,
  pythonAsyncLazyLoad,
  pythonLazyRaiseRelationship,
  pythonOptionalReturnOperand,
  pythonAccumulatorInit,
  pythonOptionalResultField,
  pythonOpenBound,
  pythonDeleteLoadedEntity,
  // Wrong data, not an exception: a page numbered from 1 offset as if from 0; a create never committed.
  pythonOneBasedPage,
  pythonUncommittedCreate,
  pythonMutableDefault,
  // Wrong totals: a generator bound to a name and drained by its first use, read again as empty.
  // A frozen pydantic model's field assigned in place: an updated copy instead.
  pythonFrozenModelAssign,
  pythonGeneratorReused,
  // …or a query result read twice: the second read sees no rows.
  pythonResultReused,
  // Row tuples of a one-entity select returned where its entities were meant.
  pythonExecuteRows,
  // A DB-API driver refusing one bare value as the parameters: `(x)` meant as the one-element tuple `(x,)`.
  pythonSqlParamsTuple,
  // Named SQL parameters passed under a key spelt otherwise than the statement binds it.
  pythonSqlBindName,
  pythonResponseMissingField,
  pythonPartialUpdate,
  // …or refused a 4xx by the code's own guard on the None of every field left out.
  pythonPartialUpdateGuard,
  pythonPartialUpdateConflict,
  // A new row numbered with the row count collides with the last one's number: count + 1.
  pythonCountSequence,
  // …or numbered count + 1 over a sequence with gaps: after the highest existing code.
  pythonMaxSequence,
  // A request field (or model) left None by a pydantic validator that never returns it: before the column fixes.
  pythonValidatorReturn,
  // A dumped request model read under a key it does not have.
  pythonDumpedKey,
  pythonExcludeUnsetCreate,
  pythonDocumentedDefault,
  pythonNotNullColumn,
  pythonStartStateDefault,
  pythonNearMissLiteral,
  pythonEmptyDivision,
  pythonEmptyAggregate,
  // The function normalised the value a line above and compared the raw one: the normalised local.
  pythonNormalisedOperand,
  // A uniqueness check looking up the raw request value while the row stores its normalised local.
  pythonNormalisedUniqueCheck,
  // …or no check at all before a unique index refuses the commit: the documented 409.
  pythonUniqueConflict,
  pythonNaiveAwareDatetime,
  pythonDateDatetimeCompare,
  // Before enum-value: a stored value that is a member's value, read by an Enum column mapped by name.
  pythonEnumColumnValues,
  pythonEnumValue,
  // A member stored as its str() (`'Status.DONE'`) where its value was meant.
  pythonEnumStrStored,
  pythonEnumNameStored,
  // A plain Enum member handed to SQL (bound as a parameter, stored in a string column): its .value.
  pythonEnumMemberBound,
  // A documented number sent as a numeric string: a pydantic Decimal field.
  pythonDecimalField,
  pythonModelSubscript,
  pythonRowItemAssignment,
  // …or a dict built from the tuple-like row: its mapping view.
  pythonRowMappingDict,
  // A column read through a many-to-one relationship in a SQL expression: the target's column, joined.
  pythonRelationshipJoin,
  // A many-to-one relationship compared with a plain id: the foreign-key column that backs it.
  pythonRelationshipKeyCompare,
  // …or assigned a plain id: the same column takes it.
  pythonRelationshipKeyAssign,
  pythonRelationshipOrderBy,
  pythonListCountLength,
  pythonOffByOneRange,
  pythonOneBasedIndex,
  // A fraction floored by // where a test wants the fraction.
  pythonFloorDivision,
  pythonUnboundParameterFilter,
  pythonStrValue,
  pythonNumberStrMethod,
  pythonStrConcatNumber,
  pythonReparsedValue,
  pythonStrptimeFormat,
  // A documented date refused with 422 because strptime reads its parts in another order.
  pythonStrptimeRefused,
  // A guard comparing with a near miss of a defined value (an enum's value in another case) refuses with a 4xx.
  pythonRefusedNearMissLiteral,
  // A guard comparing a plain Enum column with its member's value (never equal): compare with the member.
  pythonEnumStringCompare,
  // A state guard asking for another state than the contract's words name for the operation.
  pythonWrongStateGuard,
  pythonJsonLoadsEmpty,
  pythonJsonDumpsWriter,
  pythonNoneConversion,
  // A found record's unset optional relation read through into a nullable response field: null, not a 404.
  pythonOptionalRelation,
  pythonDecimalFloatMix,
  // …or a float module constant the amounts are made from.
  pythonDecimalFloatConstant,
  // A Decimal method handed a float operand (`quantize(0.001)`, a float module constant).
  pythonDecimalFloatArgument,
  pythonStatementNotExecuted,
  pythonJoinDuplicateRows,
  pythonRefreshBeforeCommit,
  // A new object committed and refreshed but never added to the session: add it before the commit.
  pythonUnaddedObject,
  // A create answered 2xx whose record the next request does not find: its session was never committed.
  pythonMissingCommit,
  // …or an update that changes a record and only flushes it.
  pythonFlushedUpdate,
  // A create returning its added record with the generated id unset (None): commit it, as the project does.
  pythonUncommittedCreateId,
  // …or a line reading that id right after the add, before anything flushed it: flush after the add.
  pythonIdBeforeFlush,
  pythonDetachedInstance,
  // …or, with no session at hand, the loader loads the relationship its caller reads.
  pythonDetachedEagerLoad,
  pythonDetachedValidatedModel,
  // A handler's object serialised after the route-local session it came from closed: the request's session.
  pythonDetachedRouteSession,
  // The same, the object committed and returned by a function the handler calls, from a session of its own.
  pythonDetachedServiceRefresh,
  // …or added in its own `with F.begin()` unit of work, whose implicit commit expires it: load and detach it first.
  pythonDetachedBeginBlock,
  pythonNullableSortKey,
  pythonEnumKeyedLookup,
  // A transition table without a reached terminal state: its empty entry lets the refusal answer.
  pythonTerminalStateEntry,
  pythonMethodNotCalled,
  pythonUncalledConflictLookup,
  pythonAliasPopulateByName,
  pythonModelFromAttributes,
  pythonMissingReturn,
  pythonItemResponseModel,
  pythonLookupFunction,
  pythonConflictGuard,
  pythonCapacityBound,
  pythonNoneDeref,
  // The project's own exception its caller answers with the status, before a raise of our own.
  pythonCaughtDomainException,
  // …or the project's own exception, derived from plain Exception where its siblings derive from the handled base.
  pythonUnregisteredHandler,
  pythonHandledBase,
  // A request value spliced into SQL with an f-string: a bound parameter.
  pythonSqlBoundParameter,
  pythonValidationRaise,
  pythonStoredDateLiteral,
  // A date/time column SQLite refused a value for: the value was the object's text (`.isoformat()`).
  pythonStringifiedMomentColumn,
];

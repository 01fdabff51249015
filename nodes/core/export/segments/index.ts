export {
	buildSegment,
	checkRuleSegment,
	type BuildSegmentInput,
	type RuleBuilderEntry,
} from './buildSegment';
export { formatUtcIso, toUtcIso } from './dates';
export {
	EXPORT_INDEXES,
	OPERATOR_FIELDS,
	SEGMENT_JOINS,
	SEGMENT_OPERATORS,
	SpaazaSegmentError,
	checkSegment,
	fieldsForOperator,
	validateSegment,
	type ExportIndex,
	type Segment,
	type SegmentContext,
	type SegmentJoin,
	type SegmentOperator,
	type SegmentProblem,
	type SegmentResult,
	type SegmentRule,
	type RuleValueField,
} from './schema';

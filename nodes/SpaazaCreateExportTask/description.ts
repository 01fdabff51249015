import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	OPERATOR_FIELDS,
	SEGMENT_OPERATORS,
	type ExportIndex,
	type RuleValueField,
	type SegmentOperator,
} from '../core/export/segments';
import { chainIdProperty, optionsCollection } from '../spaaza/properties';

/** The panel's name for each operator Spaaza's segment reference confirms. */
const OPERATOR_NAMES: Record<SegmentOperator, string> = {
	is: 'Is',
	is_not: 'Is Not',
	contains: 'Contains',
	does_not_contain: 'Does Not Contain',
	is_date: 'Is On Date',
	is_after_date: 'Is After Date',
	is_before_date: 'Is Before Date',
	is_between_date: 'Is Between Dates',
	relative_less_than: 'Is Within The Last',
	is_between_number: 'Is Between Numbers',
};

/** The panel's name for each `export_index` of the Tasks API. */
const EXPORT_NAMES: Record<ExportIndex, string> = {
	products: 'Products',
	'product-variants': 'Product Variants',
	users: 'Users',
	transactions: 'Transactions',
	vouchers: 'Vouchers',
	'wallet-ledger': 'Wallet Ledger',
};

/**
 * Options for every value of a core list, sorted by name as n8n's lint wants option lists; a
 * value left out of the names table is a type error, so the panel cannot fall behind the core.
 */
function optionsNamed<V extends string>(
	names: Record<V, string>,
	descriptions: Partial<Record<V, string>> = {},
): INodePropertyOptions[] {
	return (Object.keys(names) as V[])
		.map((value) => ({
			name: names[value],
			value,
			...(descriptions[value] === undefined ? {} : { description: descriptions[value] }),
		}))
		.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Shows a rule field only with the operators that need it (OPERATOR_FIELDS). */
function shownWith(field: RuleValueField): INodeProperties['displayOptions'] {
	return {
		show: { operator: SEGMENT_OPERATORS.filter((op) => OPERATOR_FIELDS[op].includes(field)) },
	};
}

const ruleFields: INodeProperties[] = [
	{
		displayName: 'Field Name',
		name: 'field_name',
		type: 'string',
		default: '',
		placeholder: 'e.g. category',
		description:
			'The Spaaza field to filter on, e.g. category for products or created_date for users',
	},
	{
		displayName: 'Field Type',
		name: 'field_type',
		type: 'options',
		default: 'keyword',
		description:
			'What kind of value the field holds: Keyword for exact text such as a category, Date for dates',
		options: [
			{ name: 'Boolean', value: 'boolean' },
			{ name: 'Date', value: 'date' },
			{ name: 'Keyword', value: 'keyword', description: 'Exact text such as a category or brand' },
			{ name: 'Number', value: 'number' },
			{ name: 'Text', value: 'text' },
		],
	},
	{
		displayName: 'Operator',
		name: 'operator',
		type: 'options',
		default: 'is',
		description: 'How the field is compared',
		options: optionsNamed(OPERATOR_NAMES, {
			relative_less_than: 'For example, within the last 7 days',
		}),
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		default: '',
		placeholder: 'e.g. Electronics',
		description: 'The value to compare with. For Is On Date, a date such as 2026-05-26.',
		displayOptions: shownWith('value'),
	},
	{
		displayName: 'Start Date',
		name: 'start_date',
		type: 'dateTime',
		default: '',
		description: 'Start of the range, in the workflow time zone unless it names its own',
		displayOptions: shownWith('start_date'),
	},
	{
		displayName: 'End Date',
		name: 'end_date',
		type: 'dateTime',
		default: '',
		description: 'End of the range, in the workflow time zone unless it names its own',
		displayOptions: shownWith('end_date'),
	},
	{
		displayName: 'Minimum',
		name: 'min',
		type: 'number',
		default: 0,
		typeOptions: { numberPrecision: 2 },
		displayOptions: shownWith('min'),
	},
	{
		displayName: 'Maximum',
		name: 'max',
		type: 'number',
		default: 0,
		typeOptions: { numberPrecision: 2 },
		displayOptions: shownWith('max'),
	},
	{
		displayName: 'Amount',
		name: 'time_amount',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 1 },
		description: 'How many time units back from now, e.g. 7 for the last 7 days',
		displayOptions: shownWith('time_amount'),
	},
	{
		displayName: 'Unit',
		name: 'time_factor',
		type: 'options',
		default: 'day',
		description: 'The time unit',
		options: [
			{ name: 'Days', value: 'day' },
			{ name: 'Hours', value: 'hour' },
			{ name: 'Months', value: 'month' },
			{ name: 'Weeks', value: 'week' },
			{ name: 'Years', value: 'year' },
		],
		displayOptions: shownWith('time_factor'),
	},
];

export const properties: INodeProperties[] = [
	{
		displayName: 'Export',
		name: 'exportIndex',
		type: 'options',
		noDataExpression: true,
		default: 'products',
		description: 'Which records Spaaza exports',
		options: optionsNamed(EXPORT_NAMES),
	},
	{
		displayName: 'File Format',
		name: 'exportFormat',
		type: 'options',
		default: 'csv',
		options: [
			{ name: 'CSV', value: 'csv', description: 'A spreadsheet file; recommended' },
			{ name: 'JSON', value: 'json', description: 'Every record as JSON; can be very large' },
		],
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		placeholder: 'e.g. Nightly products export',
		description:
			'A note that helps you find the task in Spaaza. Leave empty for a generated one. n8n adds a reference such as [n8n-1a2b3c4d5e6f], so that after a lost answer it finds the task instead of creating a second one.',
	},
	chainIdProperty('to export from'),
	{
		displayName: 'Run At',
		name: 'runAt',
		type: 'options',
		default: 'now',
		options: [
			{ name: 'Now', value: 'now', description: 'Start the export as soon as this node runs' },
			{
				// Not "Scheduled Time": next to n8n's Schedule Trigger that read like a repeating schedule.
				name: 'Once at a Set Time',
				value: 'scheduled',
				description:
					'Start this one export later, at the date and time you set below. It does not repeat.',
			},
		],
		description:
			'When Spaaza starts the export. To export every week or every night, start the workflow with a Schedule Trigger and leave this at Now.',
	},
	{
		displayName: 'Start Time',
		name: 'scheduledTime',
		type: 'dateTime',
		default: '',
		required: true,
		description:
			'The date and time Spaaza starts this one export, in the workflow time zone unless the value names its own. The export runs once.',
		displayOptions: { show: { runAt: ['scheduled'] } },
	},
	{
		displayName: 'Filter',
		name: 'filter',
		type: 'options',
		default: 'none',
		description: 'Export every record, or only those that match a filter',
		options: [
			{ name: 'None', value: 'none', description: 'Export every record' },
			{ name: 'Rules', value: 'rules', description: 'Build the filter from rules here' },
			{
				name: 'Saved Filter',
				value: 'segmentId',
				description: 'Use a filter saved in Spaaza Console, where filters are called segments',
			},
			{
				name: 'Filter JSON',
				value: 'json',
				description: "Paste Spaaza's filter object (a segment) as JSON",
			},
		],
	},
	{
		displayName: 'Match',
		name: 'join',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'All Rules', value: 'all', description: 'A record must match every rule' },
			{ name: 'Any Rule', value: 'any', description: 'A record must match at least one rule' },
		],
		displayOptions: { show: { filter: ['rules'] } },
	},
	{
		displayName: 'Rules',
		name: 'rules',
		type: 'fixedCollection',
		placeholder: 'Add Rule',
		default: {},
		typeOptions: { multipleValues: true, sortable: true },
		displayOptions: { show: { filter: ['rules'] } },
		options: [{ name: 'rule', displayName: 'Rule', values: ruleFields }],
	},
	{
		displayName: 'Saved Filter ID',
		name: 'segmentId',
		type: 'string',
		default: '',
		required: true,
		description:
			'The ID of the filter saved in Spaaza Console (a segment there); you find it in the address of the segment page',
		displayOptions: { show: { filter: ['segmentId'] } },
	},
	{
		displayName: 'Filter JSON',
		name: 'segmentJson',
		type: 'json',
		default:
			'{\n  "join": "all",\n  "rules": [\n    { "field_name": "category", "field_type": "keyword", "operator": "is", "value": "Electronics" }\n  ]\n}',
		description:
			'A Spaaza filter object (Spaaza calls it a segment). Entity, index and chain_id may be left out: they are taken from this task. It is checked before anything is sent.',
		displayOptions: { show: { filter: ['json'] } },
	},
	optionsCollection([
		{
			displayName: 'Execute Now',
			name: 'executeNow',
			type: 'boolean',
			default: false,
			description:
				'Whether to also tell Spaaza to run the task at once, ignoring its start time. The node then waits until the export has run.',
		},
	]),
];

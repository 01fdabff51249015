import { SANDBOX_ERRORS, SpaazaApiError } from './envelope';
import { EXPORT_FORMATS, EXPORT_INDEXES } from './exports';
import type { TaskDefinition } from './tasks';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function checkSegment(
	segment: unknown,
	chain: unknown,
	exportIndex: unknown,
	problems: string[],
): void {
	if (!isObject(segment)) {
		problems.push('trigger.segment must be an object');
		return;
	}
	if (segment.entity !== undefined && segment.entity !== 'people') {
		problems.push('trigger.segment.entity must be "people" (Spaaza uses it for every index)');
	}
	if (segment.index !== undefined && segment.index !== exportIndex) {
		problems.push(
			`trigger.segment.index "${segment.index}" does not match target.export_index "${exportIndex}"`,
		);
	}
	if (segment.join !== undefined && segment.join !== 'all' && segment.join !== 'any') {
		problems.push('trigger.segment.join must be "all" or "any"');
	}
	if (segment.chain_id !== undefined && Number(segment.chain_id) !== chain) {
		problems.push(`trigger.segment.chain_id ${segment.chain_id} does not match chain ${chain}`);
	}
	if (!Array.isArray(segment.rules)) {
		problems.push('trigger.segment.rules must be an array of rule objects');
		return;
	}
	segment.rules.forEach((rule, index) => {
		const where = `trigger.segment.rules[${index}]`;
		if (!isObject(rule)) return problems.push(`${where} must be an object`);
		if (typeof rule.field_name !== 'string' || !rule.field_name)
			problems.push(`${where}.field_name is required`);
		if (typeof rule.operator !== 'string' || !rule.operator)
			problems.push(`${where}.operator is required`);
		return undefined;
	});
}

/**
 * The create-task body of docs/spaaza-api.md §5.2. Spaaza's own error responses are NOT FOUND, so the
 * sandbox answers every problem at once, in its envelope, with one line per problem in `details`.
 */
export function validateTaskBody(body: unknown, callerChain: number): TaskDefinition {
	if (!isObject(body)) {
		throw new SpaazaApiError(
			SANDBOX_ERRORS.invalidTask,
			'The task must be a JSON object (Content-Type: application/json)',
		);
	}
	const problems: string[] = [];
	const { chain, desc, target, trigger, debug } = body;
	if (typeof chain !== 'number' || !Number.isInteger(chain))
		problems.push('chain is required and must be an integer');
	else if (chain !== callerChain) {
		throw new SpaazaApiError(SANDBOX_ERRORS.permissionDenied, `No access to chain ${chain}`);
	}
	if (typeof desc !== 'string') problems.push('desc is required and must be a string');
	if (debug !== undefined && typeof debug !== 'string') problems.push('debug must be a string');
	if (!isObject(target)) problems.push('target is required and must be an object');
	else {
		if (target.action !== 'export')
			problems.push(`target.action must be "export" (got ${JSON.stringify(target.action)})`);
		if (!EXPORT_INDEXES.includes(target.export_index as string)) {
			problems.push(
				`target.export_index must be one of ${EXPORT_INDEXES.join(', ')} (got ${JSON.stringify(target.export_index)})`,
			);
		}
		if (!EXPORT_FORMATS.includes(target.export_format as string)) {
			problems.push(
				`target.export_format must be csv or json (got ${JSON.stringify(target.export_format)})`,
			);
		}
	}
	if (!isObject(trigger)) problems.push('trigger is required and must be an object');
	else {
		if (
			typeof trigger.once !== 'string' ||
			!ISO_8601.test(trigger.once) ||
			Number.isNaN(Date.parse(trigger.once))
		) {
			problems.push(
				`trigger.once must be an ISO 8601 date-time such as 2026-05-26T12:00:00Z (got ${JSON.stringify(trigger.once)})`,
			);
		}
		if (trigger.segment !== undefined && trigger.segment_id !== undefined) {
			problems.push('trigger takes either segment or segment_id, not both');
		}
		if (
			trigger.segment_id !== undefined &&
			(typeof trigger.segment_id !== 'string' || !trigger.segment_id)
		) {
			problems.push('trigger.segment_id must be a non-empty string');
		}
		if (trigger.segment !== undefined) {
			checkSegment(
				trigger.segment,
				chain,
				isObject(target) ? target.export_index : undefined,
				problems,
			);
		}
	}
	if (problems.length) {
		throw new SpaazaApiError(
			SANDBOX_ERRORS.invalidTask,
			`Invalid task: ${problems.join('; ')}`,
			problems,
		);
	}
	return body as unknown as TaskDefinition;
}

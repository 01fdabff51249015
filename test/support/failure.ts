/**
 * What a user sees when a call fails. The transport and the node cores throw SpaazaErrors, and
 * the item loop (nodes/shell/itemLoop.ts) turns each into an n8n error with toNodeError; tests of
 * those cores read the failure through the same function, so they assert on the message,
 * description, httpCode and `context` (code, itemIndex, facts) a workflow would show. A call that
 * succeeds fails the test here rather than in a `toThrow` that cannot look inside the error.
 */
import { toNodeError } from '../../nodes/shell/nodeError';
import { testNode } from './executeContext';

export type Failure = Error & {
	context: Record<string, unknown>;
	description?: string | null;
	httpCode?: string | null;
};

/** `error` as the item loop shows it. */
export function shown(error: unknown): Failure {
	return toNodeError(testNode, error) as unknown as Failure;
}

/** The error `promise` fails with, as the item loop shows it. */
export async function failureOf(promise: Promise<unknown>): Promise<Failure> {
	try {
		await promise;
	} catch (error) {
		return shown(error);
	}
	throw new Error('expected a failure, but the call succeeded');
}

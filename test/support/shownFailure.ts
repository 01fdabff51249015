/**
 * What a user sees when a call fails: the transport and the node cores throw SpaazaErrors, and
 * the item loop (nodes/shell/itemLoop.ts) turns each into an n8n error with toNodeError. Tests of
 * those cores read the failure through the same function, so they assert on the message,
 * description, httpCode and `context` (code, itemIndex, facts) a workflow would show.
 */
import { toNodeError } from '../../nodes/shell/nodeError';
import { testNode } from './executeContext';

export type ShownFailure = Error & {
	context: Record<string, unknown>;
	description?: string | null;
	httpCode?: string | null;
};

/** `error` as the item loop shows it. */
export function shown(error: unknown): ShownFailure {
	return toNodeError(testNode, error) as unknown as ShownFailure;
}

/** The error `promise` fails with, as the item loop shows it; a success fails the test. */
export async function shownFailure(
	promise: Promise<unknown>,
	succeeded = 'expected a failure',
): Promise<ShownFailure> {
	try {
		await promise;
	} catch (error) {
		return shown(error);
	}
	throw new Error(succeeded);
}

/**
 * The error a call that must fail threw, typed as the transport throws them (an n8n error with
 * `context.code`), so a test can assert on the code and the text. A call that succeeds fails the
 * test here rather than in a `toThrow` that cannot look inside the error.
 */
export type Failure = Error & {
	context: Record<string, unknown>;
	description?: string | null;
	httpCode?: string | null;
};

export async function failureOf(promise: Promise<unknown>): Promise<Failure> {
	try {
		await promise;
	} catch (error) {
		return error as Failure;
	}
	throw new Error('expected a failure, but the call succeeded');
}

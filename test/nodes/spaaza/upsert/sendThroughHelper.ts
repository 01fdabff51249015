/**
 * Stands in for nodes/spaaza/transport/authenticated in the upsert tests: every request goes to the
 * fake Spaaza behind the context's httpRequestWithAuthentication (fakeContext.ts). The transport's
 * own client is tested against the sandbox (test/workflows/import/connections.test.ts). Used as
 * `jest.mock(<authenticated>, () => jest.requireActual(<this file>))`.
 */
export async function sendAuthenticated(
	ctx: {
		helpers: {
			httpRequestWithAuthentication: (type: string, request: unknown) => Promise<unknown>;
		};
	},
	_itemIndex: number,
	request: unknown,
): Promise<unknown> {
	return await ctx.helpers.httpRequestWithAuthentication('spaazaApi', request);
}

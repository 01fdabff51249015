/**
 * A scripted Spaaza on 127.0.0.1 for transport tests that need answers the sandbox does not give
 * (exact bodies, dropped or hung connections): each route answers from a handler, and every
 * request is logged (method, path, headers, body) for assertions.
 */
import type { IncomingHttpHeaders } from 'node:http';

import { startHostileServer } from '../../../support/hostileServer';

export interface LoggedRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: string;
}

export type Reply =
	| { status: number; body?: unknown; headers?: Record<string, string>; raw?: string }
	| 'drop'
	| 'hang';

export type Handler = (request: LoggedRequest) => Reply;

export interface FakeSpaaza {
	baseUrl: string;
	requests: LoggedRequest[];
	on(method: string, path: string, handler: Handler): void;
	count(method: string, path: string): number;
	close(): Promise<void>;
}

export const ok = (results: unknown): Reply => ({
	status: 200,
	body: { result: { code: 1, status: 'ok' }, results },
});

export const spaazaError = (
	status: number,
	code: number,
	name: string,
	description: string,
): Reply => ({
	status,
	body: { result: { code: 2, status: 'error' }, error: { code, name, description } },
});

export async function startFakeSpaaza(): Promise<FakeSpaaza> {
	const routes = new Map<string, Handler>();
	const requests: LoggedRequest[] = [];
	// The tests' one programmable loopback server, answering from the route table.
	const server = await startHostileServer('custom');
	server.respond = (seen, res) => {
		const url = new URL(seen.url || '/', 'http://127.0.0.1');
		const logged: LoggedRequest = {
			method: seen.method || 'GET',
			path: url.pathname,
			query: url.searchParams,
			headers: seen.headers,
			body: seen.body,
		};
		requests.push(logged);
		const handler = routes.get(`${logged.method} ${logged.path}`);
		const reply: Reply = handler ? handler(logged) : { status: 404, body: { message: 'no route' } };
		if (reply === 'drop') {
			res.socket?.destroy();
			return;
		}
		// 'hang': no answer; close() ends the connection.
		if (reply === 'hang') return;
		const text = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
		res.writeHead(reply.status, {
			'content-type': reply.raw !== undefined ? 'text/html' : 'application/json',
			...reply.headers,
		});
		res.end(text);
	};
	return {
		baseUrl: server.baseUrl,
		requests,
		on: (method, path, handler) => routes.set(`${method} ${path}`, handler),
		count: (method, path) => requests.filter((r) => r.method === method && r.path === path).length,
		close: async () => await server.close(),
	};
}

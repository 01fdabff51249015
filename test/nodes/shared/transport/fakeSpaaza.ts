/**
 * A tiny programmable HTTP server on 127.0.0.1 for transport tests: each route answers from a
 * handler, and every request is logged (method, path, headers, body) for assertions.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
	const hung: Array<() => void> = [];
	const server: Server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const logged: LoggedRequest = {
				method: req.method ?? 'GET',
				path: url.pathname,
				query: url.searchParams,
				headers: req.headers,
				body,
			};
			requests.push(logged);
			const handler = routes.get(`${logged.method} ${logged.path}`);
			const reply: Reply = handler
				? handler(logged)
				: { status: 404, body: { message: 'no route' } };
			if (reply === 'drop') {
				req.socket.destroy();
				return;
			}
			if (reply === 'hang') {
				hung.push(() => res.destroy());
				return;
			}
			const text = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
			res.writeHead(reply.status, {
				'content-type': reply.raw !== undefined ? 'text/html' : 'application/json',
				...reply.headers,
			});
			res.end(text);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		requests,
		on: (method, path, handler) => routes.set(`${method} ${path}`, handler),
		count: (method, path) => requests.filter((r) => r.method === method && r.path === path).length,
		close: async () => {
			hung.forEach((release) => release());
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

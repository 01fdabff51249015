/**
 * A misbehaving "Spaaza" on 127.0.0.1: every request gets the answer of the current `mode`
 * (HTML error pages, truncated or huge JSON, wrong content types, redirects to another origin,
 * bytes trickling past the client's timeout). A second server on another port plays the other
 * origin a redirect points at and records what reached it, so a test can prove that no
 * credential followed the redirect.
 */
import {
	createServer,
	type IncomingHttpHeaders,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { resetSessionCache } from '../../nodes/spaaza/transport/login';
import { late } from './late';

export type HostileMode =
	| 'html-500'
	| 'html-200'
	| 'truncated-json'
	| 'huge-json'
	| 'huge-garbage'
	| 'wrong-content-type'
	| 'binary-garbage'
	| 'empty-200'
	| 'redirect-302'
	| 'redirect-307'
	| 'redirect-308'
	| 'redirect-same-host-other-port'
	| 'slow-loris-headers'
	| 'slow-loris-body'
	/** 503 with `Retry-After: 60`: the client waits, and must stop waiting on cancel. */
	| 'busy-retry-after'
	/** A proxy page that echoes the request (headers and form body) back as text. */
	| 'echo-request'
	/** A good login answer; anything else gets an empty Spaaza success envelope. */
	| 'login-ok'
	/** `respond` answers. */
	| 'custom';

export interface SeenRequest {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
}

export interface HostileServer {
	baseUrl: string;
	/** The other origin redirects point at (another port of 127.0.0.1). */
	otherBaseUrl: string;
	mode: HostileMode;
	/** Requests the hostile server got. */
	seen: SeenRequest[];
	/** Requests that reached the other origin. */
	seenElsewhere: SeenRequest[];
	/** The answer in `custom` mode; timers it starts go into `timers` so close() stops them. */
	respond?: (request: SeenRequest, res: ServerResponse, timers: Set<NodeJS.Timeout>) => void;
	close(): Promise<void>;
}

/** 20 MB: far more than any Spaaza answer, enough to show the client stays bounded. */
export const HUGE_BODY_BYTES = 20 * 1024 * 1024;
/** A trickle interval well below any idle-socket timeout, so only a whole-request deadline helps. */
const TRICKLE_MS = 100;

const HTML_PAGE =
	'<!DOCTYPE html><html><head><title>Oops</title></head><body><h1>Something went wrong</h1>' +
	'<p>Our engineers have been notified.</p></body></html>';

async function listen(server: Server): Promise<number> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return (server.address() as AddressInfo).port;
}

function record(
	target: SeenRequest[],
	req: import('node:http').IncomingMessage,
): Promise<SeenRequest> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const seen = {
				method: req.method ?? '',
				url: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			target.push(seen);
			resolve(seen);
		});
	});
}

function trickle(res: ServerResponse, sockets: Set<NodeJS.Timeout>, headersFirst: boolean): void {
	const start = () => {
		const timer = setInterval(() => {
			if (res.destroyed || res.writableEnded) {
				clearInterval(timer);
				sockets.delete(timer);
				return;
			}
			res.write(' ');
		}, TRICKLE_MS);
		sockets.add(timer);
	};
	if (headersFirst) {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.write('{"result":{"code":1,"status":"ok"},"results":');
		start();
		return;
	}
	// Headers never complete: the status line and one header, then a byte at a time.
	const socket = res.socket as Socket;
	socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n');
	const timer = setInterval(() => {
		if (socket.destroyed) {
			clearInterval(timer);
			sockets.delete(timer);
			return;
		}
		socket.write('x');
	}, TRICKLE_MS);
	sockets.add(timer);
}

function answer(
	server: HostileServer,
	res: ServerResponse,
	timers: Set<NodeJS.Timeout>,
	request: SeenRequest,
): void {
	const redirect = (status: number, to: string) => {
		res.writeHead(status, { location: to, 'content-type': 'text/plain' });
		res.end('moved');
	};
	switch (server.mode) {
		case 'html-500':
			res.writeHead(500, { 'content-type': 'text/html' });
			res.end(HTML_PAGE);
			return;
		case 'html-200':
			res.writeHead(200, { 'content-type': 'text/html' });
			res.end(HTML_PAGE);
			return;
		case 'truncated-json':
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"result":{"code":1,"status":"ok"},"results":{"product":{"id":1,"owner_');
			return;
		case 'huge-json': {
			// A syntactically valid envelope with a 20 MB string in it.
			res.writeHead(200, { 'content-type': 'application/json' });
			res.write(
				'{"result":{"code":2,"status":"error"},"error":{"code":999,"name":"x","description":"',
			);
			const chunk = 'A'.repeat(1024 * 1024);
			for (let i = 0; i < HUGE_BODY_BYTES / chunk.length; i++) res.write(chunk);
			res.end('"}}');
			return;
		}
		case 'huge-garbage': {
			res.writeHead(200, { 'content-type': 'application/json' });
			const chunk = Buffer.alloc(1024 * 1024, 0x7b);
			for (let i = 0; i < HUGE_BODY_BYTES / chunk.length; i++) res.write(chunk);
			res.end();
			return;
		}
		case 'wrong-content-type':
			res.writeHead(200, { 'content-type': 'text/plain' });
			res.end('OK');
			return;
		case 'binary-garbage':
			res.writeHead(200, { 'content-type': 'application/octet-stream' });
			res.end(Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x81, 0x00, 0x7b, 0x22]));
			return;
		case 'empty-200':
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end();
			return;
		case 'redirect-302':
			return redirect(302, `${server.otherBaseUrl}/stolen`);
		case 'redirect-307':
			return redirect(307, `${server.otherBaseUrl}/stolen`);
		case 'redirect-308':
			return redirect(308, `${server.otherBaseUrl}/stolen`);
		case 'redirect-same-host-other-port':
			return redirect(307, `${server.otherBaseUrl.replace('127.0.0.1', 'localhost')}/stolen`);
		case 'slow-loris-body':
			return trickle(res, timers, true);
		case 'slow-loris-headers':
			return trickle(res, timers, false);
		case 'busy-retry-after':
			res.writeHead(503, { 'retry-after': '60', 'content-type': 'text/plain' });
			res.end('busy');
			return;
		case 'echo-request':
			res.writeHead(400, { 'content-type': 'text/plain' });
			res.end(
				`Request blocked by firewall: ${request.body} authorization=${String(request.headers.authorization)} session=${String(request.headers['x-spaaza-session-key'])}`,
			);
			return;
		case 'login-ok':
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					result: { code: 1, status: 'ok' },
					results: request.url.endsWith('/auth/login')
						? { session_info: { session_user_id: 42, session_key: 'fresh-session' } }
						: {},
				}),
			);
			return;
		case 'custom':
			server.respond?.(request, res, timers);
			return;
	}
}

export async function startHostileServer(mode: HostileMode = 'html-500'): Promise<HostileServer> {
	const timers = new Set<NodeJS.Timeout>();
	const sockets = new Set<Socket>();
	const seen: SeenRequest[] = [];
	const seenElsewhere: SeenRequest[] = [];
	const state = { mode } as HostileServer;

	const hostile = createServer((req, res) => {
		void record(seen, req).then((request) => answer(state, res, timers, request));
	});
	const other = createServer((req, res) => {
		void record(seenElsewhere, req).then(() => {
			// Looks like a successful Spaaza answer, so a followed redirect would be "accepted".
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					result: { code: 1, status: 'ok' },
					results: { product: { id: 1, owner_code: 'STOLEN' }, session_info: {} },
					id: 1,
					state: { code: 'DONE' },
				}),
			);
		});
	});
	for (const server of [hostile, other]) {
		server.on('connection', (socket: Socket) => {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
		});
	}
	const port = await listen(hostile);
	const otherPort = await listen(other);
	Object.assign(state, {
		baseUrl: `http://127.0.0.1:${port}`,
		otherBaseUrl: `http://127.0.0.1:${otherPort}`,
		seen,
		seenElsewhere,
		close: async () => {
			for (const timer of timers) clearInterval(timer);
			for (const socket of sockets) socket.destroy();
			await Promise.all(
				[hostile, other].map(
					(server) => new Promise<void>((resolve) => server.close(() => resolve())),
				),
			);
		},
	});
	return state;
}

/**
 * Starts a hostile server before the file's tests and closes it after the last; after each test
 * it forgets the requests it saw and the client forgets its cached sessions. The returned object
 * is that server (set `mode` or `respond` on it in a test).
 */
export function useHostileServer(mode: HostileMode = 'html-500'): HostileServer {
	const server = late<HostileServer>('The hostile server');
	beforeAll(async () => server.set(await startHostileServer(mode)));
	afterEach(() => {
		const started = server.get();
		if (started) {
			started.seen.length = 0;
			started.seenElsewhere.length = 0;
		}
		resetSessionCache();
	});
	afterAll(async () => {
		await server.get()?.close();
		server.set(undefined);
	});
	return server.value;
}

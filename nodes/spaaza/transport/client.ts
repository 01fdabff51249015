/**
 * The HTTP client under spaazaRequest(): keep-alive connections shared by one run of one
 * credential, so a run of 100k records opens a handful of connections instead of one per record.
 *
 * Why not n8n's helper: it builds new agents for every request (no option reaches them), so every
 * record paid a TCP and TLS handshake. What the helper gave is kept here: n8n's proxy variables
 * (HTTP_PROXY / HTTPS_PROXY / ALL_PROXY / NO_PROXY, read as n8n reads them), Node's trust store
 * (NODE_EXTRA_CA_CERTS and n8n's custom certificates reach every TLS connection of the process),
 * n8n's outbound network policy (its egress filter), no redirects, a cancel signal per request.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';

/** Idle connections close after this; below the 5 s keep-alive of common servers, so a socket
 * the server is about to close is not reused. */
export const IDLE_SOCKET_MS = 4_000;
/** More sockets than the largest pool needs; requests beyond it queue instead of opening more. */
export const MAX_SOCKETS_PER_HOST = 64;
/** An answer larger than this is no Spaaza JSON envelope; reading stops there (a page of
 * get-product-variants is far smaller). */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** A failure of the client itself, with a Node-style code the failure reader understands. */
export class SpaazaClientError extends Error {
	constructor(
		message: string,
		readonly code: string,
	) {
		super(message);
		this.name = 'SpaazaClientError';
	}
}

type Env = Record<string, string | undefined>;

function envValue(env: Env, name: string): string {
	return (env[name.toLowerCase()] ?? env[name.toUpperCase()] ?? '').trim();
}

function defaultPort(protocol: string): number {
	return protocol === 'https:' ? 443 : 80;
}

/** True when NO_PROXY names `target` (host, .domain, *.domain, host:port or *), as proxy-from-env reads it. */
function bypassesProxy(target: URL, env: Env): boolean {
	const noProxy = envValue(env, 'no_proxy').toLowerCase();
	if (!noProxy) return false;
	if (noProxy === '*') return true;
	const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
	const port = Number(target.port) || defaultPort(target.protocol);
	return noProxy.split(/[,\s]+/).some((entry) => {
		if (!entry) return false;
		const match = /^(.+?)(?::(\d+))?$/.exec(entry);
		let name = (match?.[1] ?? entry).replace(/^\[|\]$/g, '');
		if (match?.[2] && Number(match[2]) !== port) return false;
		if (!/^[.*]/.test(name)) return host === name;
		if (name.startsWith('*')) name = name.slice(1);
		return host.endsWith(name);
	});
}

/** The proxy n8n would use for `target` from the environment, or undefined for a direct connection. */
export function proxyForUrl(target: URL, env: Env = process.env): URL | undefined {
	const scheme = target.protocol.replace(/:$/, '');
	const value =
		envValue(env, `npm_config_${scheme}_proxy`) ||
		envValue(env, `${scheme}_proxy`) ||
		envValue(env, 'npm_config_proxy') ||
		envValue(env, 'all_proxy');
	if (!value || bypassesProxy(target, env)) return undefined;
	try {
		const proxy = new URL(value.includes('://') ? value : `${scheme}://${value}`);
		return proxy.protocol === 'http:' || proxy.protocol === 'https:' ? proxy : undefined;
	} catch {
		return undefined;
	}
}

function proxyAuthorization(proxy: URL): Record<string, string> {
	if (!proxy.username) return {};
	const user = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
	return { 'Proxy-Authorization': `Basic ${Buffer.from(user).toString('base64')}` };
}

interface ConnectOptions extends tls.ConnectionOptions {
	host?: string;
	port?: number;
}

/**
 * HTTPS through an HTTP(S) proxy: a CONNECT tunnel per connection, TLS to Spaaza inside it, kept
 * alive like a direct connection. The proxy sees the host name only, never a header or a body.
 */
class TunnelAgent extends https.Agent {
	constructor(
		private readonly proxy: URL,
		options: https.AgentOptions,
		private readonly lookup: LookupFunction | undefined,
	) {
		super(options);
	}

	// Node's Agent takes the socket from the callback when this returns nothing (documented for
	// agent.createConnection); the typings only describe the synchronous form.
	createConnection(
		args: http.ClientRequestArgs,
		callback?: (error: Error | null, stream: Duplex) => void,
	): Duplex {
		const options = args as ConnectOptions;
		const done = (error: Error | null, socket?: Duplex) => callback?.(error, socket as Duplex);
		const target = `${options.host ?? 'localhost'}:${options.port ?? 443}`;
		const proxy = this.proxy;
		const connect = (proxy.protocol === 'https:' ? https : http).request({
			host: proxy.hostname.replace(/^\[|\]$/g, ''),
			port: Number(proxy.port) || defaultPort(proxy.protocol),
			method: 'CONNECT',
			path: target,
			headers: { Host: target, ...proxyAuthorization(proxy) },
			agent: false,
			...(this.lookup ? { lookup: this.lookup } : {}),
		});
		connect.once('connect', (response, socket) => {
			if (response.statusCode !== 200) {
				socket.destroy();
				done(
					new SpaazaClientError(
						`The proxy ${proxy.host} refused the tunnel (HTTP ${response.statusCode ?? 0})`,
						'ECONNREFUSED',
					),
				);
				return;
			}
			const secure = tls.connect({
				...options,
				socket,
				servername: options.servername ?? options.host,
			});
			done(null, secure);
		});
		connect.once('error', (error) => done(error));
		connect.end();
		return undefined as unknown as Duplex;
	}
}

export interface ClientRequest {
	method: string;
	url: URL;
	headers: Record<string, string>;
	body?: string;
	signal?: AbortSignal;
}

export interface ClientResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/**
 * Connections for one run of one credential. `close()` destroys every socket at once (the run
 * ended or was cancelled); idle sockets also close by themselves after IDLE_SOCKET_MS.
 */
export class SpaazaHttpClient {
	private readonly agents = new Map<string, { agent: http.Agent; proxy?: URL }>();
	private closed = false;

	constructor(
		private readonly lookup?: LookupFunction,
		private readonly env: Env = process.env,
	) {}

	private route(url: URL): { agent: http.Agent; proxy?: URL } {
		const proxy = proxyForUrl(url, this.env);
		const key = `${url.protocol}//${url.host}|${proxy?.href ?? ''}`;
		const existing = this.agents.get(key);
		if (existing) return existing;
		const options: https.AgentOptions = {
			keepAlive: true,
			maxSockets: MAX_SOCKETS_PER_HOST,
			timeout: IDLE_SOCKET_MS,
			scheduling: 'lifo',
			...(this.lookup ? { lookup: this.lookup } : {}),
		};
		// Plain http through a proxy: absolute-URI requests to the proxy, which may keep them alive.
		const agent =
			url.protocol === 'https:'
				? proxy
					? new TunnelAgent(proxy, options, this.lookup)
					: new https.Agent(options)
				: new http.Agent(options);
		const route = { agent, ...(proxy && url.protocol === 'http:' ? { proxy } : {}) };
		this.agents.set(key, route);
		return route;
	}

	/** Sends one request; any status is an answer (redirects are not followed). */
	async send(request: ClientRequest): Promise<ClientResponse> {
		if (this.closed) throw new SpaazaClientError('The Spaaza connection was closed', 'ECONNRESET');
		const { agent, proxy } = this.route(request.url);
		const url = request.url;
		const headers: Record<string, string> = { ...request.headers };
		if (request.body !== undefined)
			headers['Content-Length'] = String(Buffer.byteLength(request.body));
		const target: http.RequestOptions = proxy
			? {
					host: proxy.hostname.replace(/^\[|\]$/g, ''),
					port: Number(proxy.port) || defaultPort(proxy.protocol),
					path: url.href,
					headers: { ...headers, Host: url.host, ...proxyAuthorization(proxy) },
				}
			: {
					host: url.hostname.replace(/^\[|\]$/g, ''),
					port: Number(url.port) || defaultPort(url.protocol),
					path: `${url.pathname}${url.search}`,
					headers,
				};
		const module = url.protocol === 'https:' ? https : http;
		return await new Promise<ClientResponse>((resolve, reject) => {
			const outgoing = module.request(
				{
					...target,
					method: request.method,
					agent,
					...(request.signal ? { signal: request.signal } : {}),
				},
				(response) => {
					const chunks: Buffer[] = [];
					let size = 0;
					response.on('data', (chunk: Buffer) => {
						size += chunk.length;
						if (size > MAX_RESPONSE_BYTES) {
							outgoing.destroy(
								new SpaazaClientError(
									`Spaaza's answer is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB`,
									'ERESPONSETOOLARGE',
								),
							);
							return;
						}
						chunks.push(chunk);
					});
					response.once('error', reject);
					response.once('end', () =>
						resolve({
							status: response.statusCode ?? 0,
							headers: response.headers,
							body: Buffer.concat(chunks).toString('utf8'),
						}),
					);
				},
			);
			outgoing.once('error', reject);
			outgoing.end(request.body);
		});
	}

	/** Destroys every connection of this client, idle or busy. */
	close(): void {
		this.closed = true;
		for (const { agent } of this.agents.values()) agent.destroy();
		this.agents.clear();
	}
}

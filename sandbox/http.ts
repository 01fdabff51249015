import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { SANDBOX_ERRORS, SpaazaApiError } from './envelope';

/** Request parameters: the query string merged with a JSON, form-encoded or multipart body. */
export type Params = Record<string, unknown>;

export interface RequestContext {
	method: string;
	/** Path below the API's mount point, e.g. `/internal/add-product` or `/tasks/12`. */
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: Buffer;
	params: Params;
	/** The JSON body as sent (undefined when the body is not JSON). */
	json: unknown;
	legacyErrors: boolean;
}

const MAX_BODY_BYTES = 20 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY_BYTES)
			throw new SpaazaApiError(SANDBOX_ERRORS.invalidBody, 'Request body too large');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

function addParam(params: Params, rawKey: string, value: string): void {
	// PHP-style `barcodes[]=a&barcodes[]=b` and repeated keys both become arrays.
	const key = rawKey.endsWith('[]') ? rawKey.slice(0, -2) : rawKey;
	const existing = params[key];
	if (rawKey.endsWith('[]') || existing !== undefined) {
		params[key] = Array.isArray(existing)
			? [...existing, value]
			: existing === undefined
				? [value]
				: [existing, value];
	} else {
		params[key] = value;
	}
}

function parseMultipart(body: Buffer, contentType: string, params: Params): void {
	const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
	if (!boundary)
		throw new SpaazaApiError(SANDBOX_ERRORS.invalidBody, 'multipart body without boundary');
	for (const part of body.toString('utf8').split(`--${boundary}`)) {
		const headerEnd = part.indexOf('\r\n\r\n');
		if (headerEnd < 0) continue;
		const name = /name="([^"]*)"/i.exec(part.slice(0, headerEnd))?.[1];
		if (name !== undefined) addParam(params, name, part.slice(headerEnd + 4).replace(/\r\n$/, ''));
	}
}

function parseJson(text: string): unknown {
	let problem = '';
	const json = (() => {
		try {
			return JSON.parse(text) as unknown;
		} catch (error) {
			problem = (error as Error).message;
			return undefined;
		}
	})();
	if (problem)
		throw new SpaazaApiError(
			SANDBOX_ERRORS.invalidBody,
			`Request body is not valid JSON: ${problem}`,
		);
	return json;
}

/** Parses the body by Content-Type; a body that does not parse is a clear 400, never a crash. */
export function parseParams(
	query: URLSearchParams,
	headers: IncomingHttpHeaders,
	body: Buffer,
): { params: Params; json: unknown } {
	const params: Params = {};
	for (const [key, value] of query) addParam(params, key, value);
	if (body.length === 0) return { params, json: undefined };
	const contentType = String(headers['content-type'] ?? '').toLowerCase();
	const text = body.toString('utf8');
	if (contentType.includes('multipart/form-data')) {
		parseMultipart(body, contentType, params);
		return { params, json: undefined };
	}
	if (
		contentType.includes('json') ||
		(!contentType.includes('x-www-form-urlencoded') && /^\s*[[{]/.test(text))
	) {
		const json = parseJson(text);
		if (json && typeof json === 'object' && !Array.isArray(json)) Object.assign(params, json);
		return { params, json };
	}
	for (const [key, value] of new URLSearchParams(text)) addParam(params, key, value);
	return { params, json: undefined };
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	const first = Array.isArray(value) ? value[0] : value;
	return first === undefined || first === '' ? undefined : first;
}

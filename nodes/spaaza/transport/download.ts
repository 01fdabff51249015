/**
 * Downloads an export file from its pre-signed storage URL. Deliberately without credentials or
 * Spaaza headers: the URL carries its own signature, and sending the token to a storage host
 * would leak it (README "Spaaza Get Download URL"). This function must never call getCredentials.
 */
import type { IDataObject, IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { SPAAZA_CODES, SpaazaError, type SpaazaCode } from '../../core/errors';
import {
	BACKOFF_BASE_MS,
	BACKOFF_CAP_MS,
	DEFAULT_MAX_RETRIES,
	DEFAULT_TIMEOUT_MS,
	RETRYABLE_STATUSES,
} from './constants';
import { bodySnippet } from './envelope';
import { scrubSecrets } from './scrub';
import { attemptFailureFrom, classifyAttempt, isAbortError, SpaazaAttemptError } from './failure';
import { untilAborted } from './deadline';
import { withRetry } from './retry';

/**
 * The body as n8n's HTTP helper hands it over (a Node readable stream), described by what this
 * file uses of it, so no `node:stream` import is needed: it is read with `for await`, passed on
 * through `compose` with an async generator, and destroyed.
 */
export interface BodyStream extends AsyncIterable<unknown> {
	destroy(error?: Error): unknown;
	compose(transform: (source: AsyncIterable<unknown>) => AsyncGenerator<unknown>): BodyStream;
}

export interface PresignedDownload {
	/** The body, guarded: it fails with a coded error past the deadline, size or Content-Length. */
	stream: BodyStream;
	/**
	 * The coded error for a failure while reading `stream`. The body's own error (the HTTP client
	 * aborting it on the deadline, a connection closed early) can reach the reader before the
	 * guard's; this gives the reason the guard names for it.
	 */
	explain: (error: unknown) => Error;
	/** Bytes that went through `stream` so far. */
	bytes: () => number;
	statusCode: number;
	headers: IDataObject;
	contentType?: string;
	contentLength?: number;
}

export interface DownloadOptions {
	/** Per request, for the answer's headers (an idle socket). */
	timeoutMs?: number;
	/** Default: the execution's cancel signal. */
	abortSignal?: AbortSignal;
	maxRetries?: number;
	/** The item the download belongs to, for the error. */
	itemIndex?: number;
	sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
	/**
	 * The credential's environment is Custom (a sandbox, a test server): `http:` and loopback or
	 * private addresses are allowed. Otherwise only `https:` to public addresses is fetched.
	 */
	allowHttpAndPrivateHosts?: boolean;
	/** The whole download, body included; default DOWNLOAD_DEADLINE_MS. */
	deadlineMs?: number;
	/** Slower than this over a THROUGHPUT_WINDOW_MS window ends the download; 0 turns it off. */
	minBytesPerSecond?: number;
	/** Larger files are refused (by Content-Length) or cut off (while reading); 0: no limit. */
	maxBytes?: number;
	/**
	 * The credential's secret values: a server may have put them into the URL, and a storage page
	 * may echo the request; every message is scrubbed of them. The download never sends them.
	 */
	secrets?: readonly string[];
	/** Test hook: the window the minimum throughput is measured over. */
	throughputWindowMs?: number;
}

/** Storage hosts redirect at most once or twice (a regional endpoint); more is a loop or a trap. */
export const MAX_DOWNLOAD_REDIRECTS = 3;
/** Exports can be hundreds of megabytes: long enough for that, short enough to free a stuck worker. */
export const DOWNLOAD_DEADLINE_MS = 30 * 60_000;
/** 10 KB/s: far below any working link, far above a server that drips bytes to hold the worker. */
export const MIN_DOWNLOAD_BYTES_PER_SECOND = 10 * 1024;
/** Throughput is judged over this window, so a short stall in a healthy transfer is no failure. */
export const THROUGHPUT_WINDOW_MS = 30_000;

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

/** The URL without its query: the signature in the query string must not reach an error panel. */
export function describeUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
	} catch {
		return 'the download URL';
	}
}

async function readSome(stream: BodyStream, limit = 4096): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
		chunks.push(buffer);
		size += buffer.length;
		if (size >= limit) break;
	}
	stream.destroy();
	return Buffer.concat(chunks).toString('utf8').slice(0, limit);
}

/**
 * The download's coded error. The URL came from a server, and the storage page may echo the
 * request, so the message is scrubbed of the credential's secrets (passed in, never read here).
 */
function downloadError(
	options: Pick<DownloadOptions, 'itemIndex' | 'secrets'>,
	code: SpaazaCode,
	message: string,
	httpStatus?: number,
): SpaazaError {
	return new SpaazaError(code, scrubSecrets(message, options.secrets ?? []), {
		api: true,
		description: '',
		httpStatus,
		itemIndex: options.itemIndex,
	});
}

/** `text` as the four numbers of a dotted IPv4 address, or undefined. */
function ipv4Parts(text: string): number[] | undefined {
	if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return undefined;
	const parts = text.split('.').map(Number);
	return parts.every((part) => part <= 255) ? parts : undefined;
}

/** Whether `text` is an IPv6 address as written in a URL (hex groups, one `::`, IPv4 tail). */
function isIpv6(text: string): boolean {
	if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(':')) return false;
	const halves = text.split('::');
	if (halves.length > 2) return false;
	const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
	const last = groups[groups.length - 1] ?? '';
	const tail = last.includes('.') ? 2 : 0;
	if (tail && !ipv4Parts(last)) return false;
	const hex = tail ? groups.slice(0, -1) : groups;
	if (!hex.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return false;
	const count = hex.length + tail;
	return halves.length === 2 ? count < 8 : count === 8;
}

/**
 * True for addresses a presigned storage URL has no business pointing at (SSRF targets), and for
 * anything that is not an IP address at all. Own parsing, no `node:net`: the URL parser has
 * already written every IPv4 form (decimal, octal, hex) as a dotted quad.
 */
export function isPrivateAddress(address: string): boolean {
	const ip = address.replace(/^\[|\]$/g, '').toLowerCase();
	const v4 = ipv4Parts(ip);
	if (v4) {
		const [a, b] = v4;
		return (
			a === 0 ||
			a === 10 ||
			a === 127 ||
			(a === 100 && b >= 64 && b <= 127) ||
			(a === 169 && b === 254) ||
			(a === 172 && b >= 16 && b <= 31) ||
			(a === 192 && b === 168) ||
			(a === 198 && (b === 18 || b === 19)) ||
			a >= 224
		);
	}
	if (!isIpv6(ip)) return true;
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
	if (mapped) return isPrivateAddress(mapped[1]);
	// The URL parser writes an IPv4-mapped address in hex: ::ffff:7f00:1 is 127.0.0.1.
	const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(ip);
	if (hex) {
		const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
		return isPrivateAddress(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
	}
	return (
		ip === '::' ||
		ip === '::1' ||
		ip.startsWith('fc') ||
		ip.startsWith('fd') ||
		/^fe[89ab]/.test(ip) ||
		ip.startsWith('ff') ||
		ip.startsWith('64:ff9b:') ||
		ip.startsWith('fec0')
	);
}

/** Names that mean this machine or the cloud metadata service wherever they are resolved. */
function isInternalName(host: string): boolean {
	const name = host.toLowerCase().replace(/\.$/, '');
	return (
		name === 'localhost' ||
		name.endsWith('.localhost') ||
		name === 'metadata.google.internal' ||
		name === 'metadata'
	);
}

/**
 * Why `url` must not be fetched, or undefined when it may. The URL comes from an API answer, so a
 * broken or hostile answer could point at `data:`, `file:` or the cloud metadata service.
 */
function refusal(url: URL, allowHttpAndPrivateHosts: boolean): string | undefined {
	const protocols = allowHttpAndPrivateHosts ? ['https:', 'http:'] : ['https:'];
	if (!protocols.includes(url.protocol)) {
		return `it is a ${url.protocol.replace(':', '')} address; only ${protocols.join(' or ').replace(/:/g, '')} is fetched${allowHttpAndPrivateHosts ? '' : ' (http only for the Custom environment)'}`;
	}
	if (url.username || url.password) return 'it carries a user name or password';
	if (allowHttpAndPrivateHosts) return undefined;
	const host = url.hostname.replace(/^\[|\]$/g, '');
	const refused = (what: string) =>
		`its host ${url.hostname} is a loopback, private, link-local or metadata address (${what}), which storage never is outside the Custom environment`;
	if (isInternalName(host)) return refused('by its name');
	// An address written in the URL is checked here. A host name is resolved by n8n's helper:
	// names that resolve to private addresses are refused only where the n8n instance enables its
	// SSRF protection (docs/GUARANTEES.md, "Downloads").
	if (ipv4Parts(host) || isIpv6(host)) return isPrivateAddress(host) ? refused(host) : undefined;
	return undefined;
}

/**
 * The body on its way to n8n's binary store, ended with a coded error when it runs past the
 * deadline, drips slower than the minimum throughput, grows past the size limit, or stops short
 * of its Content-Length. Without this, a trickling or endless body held the worker and filled the disk.
 */
function guardBody(
	source: BodyStream,
	options: DownloadOptions & {
		where: string;
		contentLength?: number;
		signal: AbortSignal;
		cancel?: AbortSignal;
	},
): Pick<PresignedDownload, 'stream' | 'bytes' | 'explain'> {
	const fail = (message: string) =>
		downloadError(
			options,
			SPAAZA_CODES.DOWNLOAD_FAILED,
			`Could not download the export file from ${options.where}: ${message}`,
		);
	let total = 0;
	const maxBytes = options.maxBytes ?? 0;
	const done = new AbortController();
	// Why the body was stopped; the first reason wins, and the reader gets it as the stream's error.
	let verdict: Error | undefined;
	const stop = (error: Error): Error => {
		verdict ??= error;
		done.abort();
		source.destroy(verdict);
		return verdict;
	};
	const onAbort = () =>
		stop(
			options.cancel?.aborted
				? options.cancel.reason instanceof Error
					? options.cancel.reason
					: new Error('The operation was aborted')
				: fail(
						`it took longer than the download deadline of ${Math.round((options.deadlineMs ?? DOWNLOAD_DEADLINE_MS) / 1000)} s`,
					),
		);
	if (options.signal.aborted) onAbort();
	else options.signal.addEventListener('abort', onAbort, { once: true });
	const finish = () => {
		done.abort();
		options.signal.removeEventListener('abort', onAbort);
	};
	const explain = (): Error => {
		if (verdict) return verdict;
		// The HTTP client destroys the body on the same signal: that is the deadline or a cancel.
		if (options.signal.aborted) return onAbort();
		// Anything else the body threw is the transfer breaking off.
		return stop(fail(`the transfer broke off after ${total.toLocaleString('en-US')} bytes`));
	};
	// The guard is an async generator over the body, composed onto it: the reader (n8n's binary
	// store) gets a readable stream that ends with the guard's coded error.
	const stream = source.compose(async function* (body) {
		try {
			for await (const chunk of body) {
				total += (chunk as Uint8Array).length;
				if (maxBytes > 0 && total > maxBytes)
					throw stop(
						fail(`the file is larger than the limit of ${maxBytes.toLocaleString('en-US')} bytes`),
					);
				yield chunk;
			}
		} catch {
			throw explain();
		} finally {
			finish();
		}
		if (verdict) throw verdict;
		const expected = options.contentLength;
		if (expected !== undefined && total !== expected)
			throw fail(
				`the transfer ended after ${total.toLocaleString('en-US')} of ${expected.toLocaleString('en-US')} bytes`,
			);
	});
	const minimum = options.minBytesPerSecond ?? MIN_DOWNLOAD_BYTES_PER_SECOND;
	if (minimum > 0) {
		const windowMs = options.throughputWindowMs ?? THROUGHPUT_WINDOW_MS;
		// A watchdog on n8n's abortable sleep (nodes keep no raw timers): it ends with the transfer.
		void (async () => {
			let seen = 0;
			for (;;) {
				await sleep(windowMs, done.signal);
				const rate = ((total - seen) * 1000) / windowMs;
				seen = total;
				if (rate < minimum) {
					stop(
						fail(
							`it arrived at ${Math.round(rate)} bytes/s, below the minimum of ${minimum.toLocaleString('en-US')} bytes/s`,
						),
					);
					return;
				}
			}
		})().catch(() => undefined);
	}
	return { stream, bytes: () => total, explain };
}

/** One download as it runs: where it goes, the caller's options and the signals that end it. */
interface DownloadRun {
	url: string;
	/** The URL without its query, for messages. */
	where: string;
	options: DownloadOptions;
	deadlineMs: number;
	/** Ends when the whole download's deadline passes. */
	deadline: AbortSignal;
	/** The caller's or the execution's cancel signal. */
	cancel?: AbortSignal;
	/** Ends on either of the two. */
	signal: AbortSignal;
}

function refuse(run: DownloadRun, reason: string): SpaazaError {
	return downloadError(
		run.options,
		SPAAZA_CODES.DOWNLOAD_FAILED,
		`The download URL was not fetched: ${reason}`,
	);
}

/** The deadline's error when it, not a cancel, ended the download; else undefined. */
function pastDeadline(run: DownloadRun): SpaazaError | undefined {
	if (!run.deadline.aborted || run.cancel?.aborted) return undefined;
	return downloadError(
		run.options,
		SPAAZA_CODES.DOWNLOAD_FAILED,
		`Could not download the export file from ${run.where}: it took longer than the download deadline of ${Math.round(run.deadlineMs / 1000)} s`,
	);
}

/**
 * One try: GET the URL and follow redirects here, not in the HTTP client, so every hop is checked
 * the same way. A busy storage answer is thrown for withRetry; any other answer is returned.
 */
async function fetchOnce(ctx: IExecuteFunctions, run: DownloadRun): Promise<IN8nHttpFullResponse> {
	let current: URL;
	try {
		current = new URL(run.url);
	} catch {
		throw refuse(run, 'it is not a valid web address');
	}
	for (let hops = 0; ; hops++) {
		const why = refusal(current, run.options.allowHttpAndPrivateHosts === true);
		if (why) throw refuse(run, `${describeUrl(current.href)}: ${why}`);
		let full: IN8nHttpFullResponse;
		try {
			full = (await untilAborted(
				ctx.helpers.httpRequest({
					method: 'GET',
					url: current.href,
					encoding: 'stream',
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					disableFollowRedirect: true,
					timeout: run.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
					abortSignal: run.signal,
				}),
				run.signal,
			)) as IN8nHttpFullResponse;
		} catch (error) {
			throw pastDeadline(run) ?? attemptFailureFrom(error, 'services') ?? error;
		}
		if (REDIRECT_STATUSES.includes(full.statusCode)) {
			(full.body as BodyStream).destroy();
			const location = (full.headers as IDataObject | undefined)?.location;
			if (hops >= MAX_DOWNLOAD_REDIRECTS)
				throw refuse(run, `storage redirected more than ${MAX_DOWNLOAD_REDIRECTS} times`);
			if (typeof location !== 'string' || location === '')
				throw refuse(run, 'storage redirected without saying where');
			try {
				current = new URL(location, current);
			} catch {
				throw refuse(run, 'storage redirected to an address that is not valid');
			}
			continue;
		}
		if (RETRYABLE_STATUSES.includes(full.statusCode)) {
			(full.body as BodyStream).destroy();
			throw new SpaazaAttemptError('http', { httpStatus: full.statusCode });
		}
		return full;
	}
}

/** The answer after retries for busy storage and dropped connections, or the coded error. */
async function fetchWithRetries(
	ctx: IExecuteFunctions,
	run: DownloadRun,
): Promise<IN8nHttpFullResponse> {
	const pause = run.options.sleep ?? sleep;
	let failure: unknown;
	try {
		return await withRetry(async () => await fetchOnce(ctx, run), {
			maxRetries: run.options.maxRetries ?? DEFAULT_MAX_RETRIES,
			classify: classifyAttempt,
			baseMs: BACKOFF_BASE_MS,
			capMs: BACKOFF_CAP_MS,
			sleep: async (ms) => await pause(ms, run.signal),
			signal: run.signal,
		});
	} catch (error) {
		failure = error;
	}
	const late = pastDeadline(run);
	if (late) throw late;
	if (!(failure instanceof SpaazaAttemptError) || isAbortError(failure)) throw failure;
	const { httpStatus, networkCode } = failure.details;
	const reason = httpStatus ? `HTTP ${httpStatus}` : (networkCode ?? 'no answer').toLowerCase();
	throw downloadError(
		run.options,
		SPAAZA_CODES.DOWNLOAD_FAILED,
		`Could not download the export file from ${run.where} (${reason})`,
		httpStatus,
	);
}

/** The error for a storage answer of 400 or more, with the start of its page (scrubbed). */
async function refusedDownload(
	run: DownloadRun,
	response: IN8nHttpFullResponse,
): Promise<SpaazaError> {
	const stream = response.body as BodyStream;
	const text = bodySnippet(
		await untilAborted(readSome(stream), run.signal).catch(() => ''),
		run.options.secrets,
	);
	stream.destroy();
	const status = response.statusCode;
	// S3-style storage answers 403 "Request has expired" once the ~1 h signature lapses.
	const expired =
		status === 410 || (status === 403 && /expire/i.test(text)) || /expired/i.test(text);
	if (expired) {
		return downloadError(
			run.options,
			SPAAZA_CODES.URL_EXPIRED,
			`The download URL has expired (HTTP ${status}): ask Spaaza for a new one with Get Download URL`,
			status,
		);
	}
	return downloadError(
		run.options,
		SPAAZA_CODES.DOWNLOAD_FAILED,
		`Could not download the export file from ${run.where} (HTTP ${status})${text ? `: ${text}` : ''}`,
		status,
	);
}

export async function downloadPresignedFile(
	ctx: IExecuteFunctions,
	url: string,
	options: DownloadOptions = {},
): Promise<PresignedDownload> {
	const cancel = options.abortSignal ?? ctx.getExecutionCancelSignal?.();
	const deadlineMs = options.deadlineMs ?? DOWNLOAD_DEADLINE_MS;
	// One deadline for the whole download: retries, redirects, headers and body.
	const deadline = AbortSignal.timeout(deadlineMs);
	const run: DownloadRun = {
		url,
		where: describeUrl(url),
		options,
		deadlineMs,
		deadline,
		cancel,
		signal: cancel ? AbortSignal.any([cancel, deadline]) : deadline,
	};
	const response = await fetchWithRetries(ctx, run);
	if (response.statusCode >= 400) throw await refusedDownload(run, response);
	const stream = response.body as BodyStream;
	const headers = (response.headers ?? {}) as IDataObject;
	const header = String(headers['content-length'] ?? '');
	const length = /^\d+$/.test(header) ? Number(header) : undefined;
	const maxBytes = options.maxBytes ?? 0;
	if (maxBytes > 0 && length !== undefined && length > maxBytes) {
		stream.destroy();
		throw downloadError(
			options,
			SPAAZA_CODES.DOWNLOAD_FAILED,
			`The export file at ${run.where} is ${length.toLocaleString('en-US')} bytes, larger than the limit of ${maxBytes.toLocaleString('en-US')} bytes (Max File Size); it was not downloaded`,
		);
	}
	const guarded = guardBody(stream, {
		...options,
		where: run.where,
		contentLength: length,
		signal: run.signal,
		cancel,
		deadlineMs,
	});
	return {
		stream: guarded.stream,
		bytes: guarded.bytes,
		explain: guarded.explain,
		statusCode: response.statusCode,
		headers,
		contentType: typeof headers['content-type'] === 'string' ? headers['content-type'] : undefined,
		contentLength: length,
	};
}

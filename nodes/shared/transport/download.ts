/**
 * Downloads an export file from its pre-signed storage URL. Deliberately without credentials or
 * Spaaza headers: the URL carries its own signature, and sending the token to a storage host
 * would leak it (README "Spaaza Get Download URL"). This function must never call getCredentials.
 */
import type { Readable } from 'node:stream';
import type { IDataObject, IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import { SPAAZA_CODES, type SpaazaCode } from '../errors';
import {
	BACKOFF_BASE_MS,
	BACKOFF_CAP_MS,
	DEFAULT_MAX_RETRIES,
	DEFAULT_TIMEOUT_MS,
	RETRYABLE_STATUSES,
} from './constants';
import { bodySnippet } from './envelope';
import { attemptFailureFrom, classifyAttempt, isAbortError, SpaazaAttemptError } from './failure';
import { withRetry } from './retry';

export interface PresignedDownload {
	stream: Readable;
	statusCode: number;
	headers: IDataObject;
	contentType?: string;
	contentLength?: number;
}

export interface DownloadOptions {
	timeoutMs?: number;
	abortSignal?: AbortSignal;
	maxRetries?: number;
	/** The item the download belongs to, for the error. */
	itemIndex?: number;
	sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The URL without its query: the signature in the query string must not reach an error panel. */
export function describeUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
	} catch {
		return 'the download URL';
	}
}

async function readSome(stream: Readable, limit = 4096): Promise<string> {
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

function downloadError(
	ctx: IExecuteFunctions,
	itemIndex: number | undefined,
	code: SpaazaCode,
	message: string,
	httpStatus?: number,
): NodeApiError {
	const error = new NodeApiError(
		ctx.getNode(),
		{ spaaza: code },
		{ itemIndex, message, description: `Error code: ${code}.` },
	);
	error.message = message;
	error.httpCode = httpStatus !== undefined ? String(httpStatus) : null;
	Object.assign(error.context, { code, ...(httpStatus !== undefined ? { httpStatus } : {}) });
	return error;
}

export async function downloadPresignedFile(
	ctx: IExecuteFunctions,
	url: string,
	options: DownloadOptions = {},
): Promise<PresignedDownload> {
	const where = describeUrl(url);
	const pause = options.sleep ?? sleep;
	let response: IN8nHttpFullResponse | undefined;
	let failure: unknown;
	try {
		response = await withRetry(
			async () => {
				let full: IN8nHttpFullResponse;
				try {
					full = (await ctx.helpers.httpRequest({
						method: 'GET',
						url,
						encoding: 'stream',
						returnFullResponse: true,
						ignoreHttpStatusErrors: true,
						timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
						abortSignal: options.abortSignal,
					})) as IN8nHttpFullResponse;
				} catch (error) {
					throw attemptFailureFrom(error, 'services') ?? error;
				}
				if (RETRYABLE_STATUSES.includes(full.statusCode)) {
					(full.body as Readable).destroy();
					throw new SpaazaAttemptError('http', { httpStatus: full.statusCode });
				}
				return full;
			},
			{
				maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
				classify: classifyAttempt,
				baseMs: BACKOFF_BASE_MS,
				capMs: BACKOFF_CAP_MS,
				sleep: async (ms) => await pause(ms, options.abortSignal),
				signal: options.abortSignal,
			},
		);
	} catch (error) {
		failure = error;
	}
	if (failure instanceof SpaazaAttemptError && !isAbortError(failure)) {
		const { httpStatus, networkCode } = failure.details;
		const reason = httpStatus ? `HTTP ${httpStatus}` : (networkCode ?? 'no answer').toLowerCase();
		throw downloadError(
			ctx,
			options.itemIndex,
			SPAAZA_CODES.DOWNLOAD_FAILED,
			`Could not download the export file from ${where} (${reason})`,
			httpStatus,
		);
	}
	if (!response) throw failure;
	const stream = response.body as Readable;
	if (response.statusCode >= 400) {
		const text = bodySnippet(await readSome(stream));
		// S3-style storage answers 403 "Request has expired" once the ~1 h signature lapses.
		const expired =
			response.statusCode === 410 ||
			(response.statusCode === 403 && /expire/i.test(text)) ||
			/expired/i.test(text);
		throw downloadError(
			ctx,
			options.itemIndex,
			expired ? SPAAZA_CODES.URL_EXPIRED : SPAAZA_CODES.DOWNLOAD_FAILED,
			expired
				? `The download URL has expired (HTTP ${response.statusCode}): ask Spaaza for a new one with Get Download URL`
				: `Could not download the export file from ${where} (HTTP ${response.statusCode})${text ? `: ${text}` : ''}`,
			response.statusCode,
		);
	}
	const headers = (response.headers ?? {}) as IDataObject;
	const length = Number(headers['content-length']);
	return {
		stream,
		statusCode: response.statusCode,
		headers,
		contentType: typeof headers['content-type'] === 'string' ? headers['content-type'] : undefined,
		contentLength: Number.isFinite(length) ? length : undefined,
	};
}

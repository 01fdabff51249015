import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { SPAAZA_CODES, SpaazaError } from '../../core/errors';
import { getTask, readTaskId, taskStateCode, type SpaazaTask } from './tasks';
import { usesCustomEnvironment } from '../transport/connection';
import { DOWNLOAD_DEADLINE_MS, MIN_DOWNLOAD_BYTES_PER_SECOND } from '../transport/download';
import { credentialSecrets, downloadPresignedFile, spaazaRequest } from '../transport/request';
import { scrubSecrets } from '../transport/scrub';
import { fileNameFromUrl, mimeTypeFor, urlExpiry } from '../../core/export/presignedUrl';

const NOT_READY_REASONS: Record<string, string> = {
	READY: 'The export has not started yet: it waits for its start time.',
	INPROGRESS: 'The export is still running.',
	ERROR: 'The task failed, so there is no file; Spaaza Wait For Task shows its log.',
};

/** The answer's headers must come within this; the body has the whole-download deadline. */
const HEADERS_TIMEOUT_MS = 60_000;

/**
 * Spaaza's error answers for download_url are undocumented, so after a refusal the task itself is
 * read to say what is wrong in words the user can act on.
 */
async function explainRefusal(
	ctx: IExecuteFunctions,
	itemIndex: number,
	taskId: number,
	refusal: unknown,
): Promise<never> {
	let task: SpaazaTask;
	try {
		task = await getTask(ctx, itemIndex, taskId);
	} catch {
		throw refusal;
	}
	if (task.target?.action !== undefined && task.target.action !== 'export') {
		throw new SpaazaError(
			SPAAZA_CODES.NOT_EXPORT_TASK,
			`Spaaza task ${taskId} is not an export task`,
			{
				description: `Only export tasks have a file to download; this task's action is "${String(task.target.action)}".`,
				taskId,
			},
		);
	}
	const state = taskStateCode(task);
	if (state !== 'DONE') {
		throw new SpaazaError(
			SPAAZA_CODES.TASK_NOT_READY,
			`Spaaza task ${taskId} has no file yet (state: ${state ?? 'unknown'})`,
			{
				description: `${NOT_READY_REASONS[state ?? ''] ?? 'The export is not finished.'} Add Spaaza Wait For Task before this node so it only runs once the task is DONE.`,
				taskId,
				state: state ?? null,
			},
		);
	}
	throw refusal;
}

interface DownloadSettings {
	downloadTimeout?: number;
	minimumSpeed?: number;
	maxFileSize?: number;
}

/** A number option, or its default when blank or not a number (an expression may give anything). */
function numberOr(value: unknown, fallback: number): number {
	const n = Number(value);
	return value === undefined || value === '' || !Number.isFinite(n) || n < 0 ? fallback : n;
}

async function download(
	ctx: IExecuteFunctions,
	itemIndex: number,
	url: string,
	fileName: string,
	secrets: readonly string[],
): Promise<{ binary: IBinaryData; fileSize: number }> {
	const settings = ctx.getNodeParameter('options', itemIndex, {}) as DownloadSettings;
	// The URL is pre-signed: the transport sends it with no Spaaza credential or header (README
	// "Spaaza Get Download URL"), checks every address it goes to, and turns an expired link into
	// SPAAZA_URL_EXPIRED.
	const response = await downloadPresignedFile(ctx, url, {
		itemIndex,
		timeoutMs: HEADERS_TIMEOUT_MS,
		abortSignal: ctx.getExecutionCancelSignal(),
		allowHttpAndPrivateHosts: await usesCustomEnvironment(ctx, itemIndex),
		deadlineMs:
			numberOr(settings.downloadTimeout, DOWNLOAD_DEADLINE_MS / 60_000) * 60_000 ||
			DOWNLOAD_DEADLINE_MS,
		minBytesPerSecond: numberOr(settings.minimumSpeed, MIN_DOWNLOAD_BYTES_PER_SECOND / 1024) * 1024,
		maxBytes: Math.floor(numberOr(settings.maxFileSize, 0) * 1024 * 1024),
		secrets,
	});
	const binary = await ctx.helpers.prepareBinaryData(
		response.stream,
		fileName,
		mimeTypeFor(fileName, response.contentType),
	);
	return { binary, fileSize: response.bytes() };
}

export async function getDownloadUrl(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const taskId = readTaskId(ctx, itemIndex);
	const downloadFile = ctx.getNodeParameter('download', itemIndex, true) as boolean;

	let answer: { url?: unknown };
	try {
		answer = await spaazaRequest<{ url?: unknown }>(ctx, itemIndex, {
			api: 'services',
			method: 'GET',
			path: `/tasks/${taskId}/download_url`,
			subject: `task ${taskId}`,
		});
	} catch (error) {
		return await explainRefusal(ctx, itemIndex, taskId, error);
	}
	if (typeof answer?.url !== 'string' || answer.url === '') {
		throw new SpaazaError(
			SPAAZA_CODES.BAD_RESPONSE,
			`Spaaza returned no download URL for task ${taskId}`,
			{
				description: 'The answer had no url field. Check the task in Spaaza Console.',
				taskId,
			},
		);
	}
	const url = answer.url;
	// A server may put the Authorization value into the URL (path or query): what the item shows
	// is scrubbed of the credential's secrets; the download itself uses the URL as given.
	const secrets = await credentialSecrets(ctx, itemIndex);
	const shownUrl = scrubSecrets(url, secrets);

	// Without a name in the URL, the extension comes from the task the input item carries (csv by default).
	const format = (ctx.getInputData()[itemIndex]?.json?.target as IDataObject | undefined)
		?.export_format;
	const fileName = fileNameFromUrl(
		shownUrl,
		`Export-${taskId}.${format === 'json' ? 'json' : 'csv'}`,
	);
	const { expiresAt } = urlExpiry(url);
	const json: IDataObject = { taskId, url: shownUrl, expiresAt, fileName, fileSize: null };
	if (!downloadFile) return { json };

	const binaryPropertyName =
		String(ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim() || 'data';
	const { binary, fileSize } = await download(ctx, itemIndex, url, fileName, secrets);
	json.fileSize = fileSize;
	return { json, binary: { [binaryPropertyName]: binary } };
}

/**
 * Reads what Spaaza holds, through documented calls only (docs/nodes/spaaza-compare-catalogue.md "How
 * Spaaza is read"): products through one `products` export task (docs/spaaza-api.md §5.2–§5.5),
 * variants through `get-product-variants` pages of 500 (§4). Every request goes through
 * spaazaRequest (paged, retried, deadline, cancel signal); the export file is streamed row by
 * row into the caller, never held whole.
 *
 * A read that fails or stops early does not throw: it reports `complete: false` and why, so the
 * node can send every record it could not prove unchanged to Changed.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { createTaskOnce, runReference } from '../spaaza/export/createExportTask';
import { nextPollDelay } from '../core/export/polling';
import { getTask, formatTaskLogs, parseTaskId, taskStateCode } from '../spaaza/export/tasks';
import { usesCustomEnvironment, type SpaazaConnection } from '../spaaza/transport/connection';
import { isAbortError } from '../spaaza/transport/failure';
import {
	credentialSecrets,
	downloadPresignedFile,
	spaazaRequest,
} from '../spaaza/transport/request';
import { clip } from '../core/bounded';
import { readCsv } from '../core/fileset/csv/csvReader';
import { readPagesInOrder } from '../core/compare/pagedRead';

/** get-product-variants' largest page (docs/spaaza-api.md §4). */
export const VARIANT_PAGE_LIMIT = 500;
/** A catalogue larger than this many pages (10 million variants) is not read to the end. */
const MAX_VARIANT_PAGES = 20_000;
/** How long the export task may take before the read counts as failed. */
export const EXPORT_DEADLINE_MS = 60 * 60_000;
const EXPORT_POLL_MS = 1_000;

export interface ReadReport {
	/** Requests sent to Spaaza (retries not counted) and, for an export, rows read. */
	requests: number;
	rows: number;
	complete: boolean;
	/** Why the read is not complete. */
	reason?: string;
}

export interface ReadOptions {
	chainId: number;
	connection: SpaazaConnection;
	maxRetries: number;
	/** Variant pages read at the same time. */
	concurrency: number;
	signal?: AbortSignal;
	/** Test hook: the first poll interval of the export task. */
	pollMs?: number;
}

type RowSink = (row: Record<string, unknown>) => void;

function failedRead(report: ReadReport, error: unknown, signal?: AbortSignal): ReadReport {
	// A cancelled execution stops; it is not a read that came back short.
	if (signal?.aborted || isAbortError(error)) throw error;
	const message = error instanceof Error ? error.message : String(error);
	return { ...report, complete: false, reason: clip(message, 300) };
}

/**
 * Variants, `concurrency` pages of 500 at a time, handed to `sink` in page order, until a page
 * shorter than the limit (pagedRead.ts: what ends the list, and what makes a read incomplete).
 */
export async function readVariantPages(
	ctx: IExecuteFunctions,
	options: ReadOptions,
	sink: RowSink,
): Promise<ReadReport> {
	const range = (page: number) =>
		`variants ${page * VARIANT_PAGE_LIMIT + 1}–${(page + 1) * VARIANT_PAGE_LIMIT}`;
	return await readPagesInOrder({
		pageSize: VARIANT_PAGE_LIMIT,
		concurrency: options.concurrency,
		maxPages: MAX_VARIANT_PAGES,
		fetchPage: async (page) => {
			const results = await spaazaRequest<IDataObject>(ctx, 0, {
				api: 'api',
				method: 'GET',
				path: '/internal/get-product-variants',
				qs: {
					chain_id: options.chainId,
					offset: page * VARIANT_PAGE_LIMIT,
					limit: VARIANT_PAGE_LIMIT,
				},
				chainId: options.chainId,
				requireAdmin: true,
				maxRetries: options.maxRetries,
				abortSignal: options.signal,
				connection: options.connection,
				subject: range(page),
			});
			const variants = results?.product_variants;
			if (!Array.isArray(variants))
				return {
					problem: `Spaaza's answer for variants from ${page * VARIANT_PAGE_LIMIT + 1} on has no product_variants list`,
				};
			return { rows: variants };
		},
		sink: (row) => {
			if (typeof row === 'object' && row !== null && !Array.isArray(row))
				sink(row as Record<string, unknown>);
		},
		fatal: (error) => options.signal?.aborted === true || isAbortError(error),
		describe: (_page, error) => clip(error instanceof Error ? error.message : String(error), 300),
	});
}

/** Creates the export task (once: creating is not idempotent), waits for it, returns its id. */
async function runExportTask(
	ctx: IExecuteFunctions,
	index: 'products' | 'product-variants',
	options: ReadOptions,
	report: ReadReport,
): Promise<number> {
	const reference = runReference();
	report.requests++;
	const created = await createTaskOnce(
		ctx,
		0,
		{
			chain: options.chainId,
			desc: `${index} read by Spaaza Compare Catalogue in n8n [${reference}]`,
			target: { action: 'export', export_index: index, export_format: 'csv' },
			trigger: { once: new Date().toISOString() },
		},
		reference,
		`${index} export task`,
	);
	const taskId = parseTaskId(created?.id);
	if (taskId === undefined) throw new Error('Spaaza answered the export task without a task id');
	const deadline = Date.now() + EXPORT_DEADLINE_MS;
	for (let polls = 1; ; polls++) {
		report.requests++;
		const task = await getTask(ctx, 0, taskId, options.signal, { chainId: options.chainId });
		const state = taskStateCode(task);
		if (state === 'DONE') return taskId;
		if (state === 'ERROR') {
			const logs = formatTaskLogs(task.logs).slice(-3).join(' | ');
			throw new Error(`The ${index} export task ${taskId} failed${logs ? `: ${logs}` : ''}`);
		}
		const wait = nextPollDelay({
			baseMs: options.pollMs ?? EXPORT_POLL_MS,
			polls,
			now: Date.now(),
			deadline,
		});
		if (wait <= 0)
			throw new Error(`The ${index} export task ${taskId} was not done within an hour`);
		await sleep(wait, options.signal);
	}
}

/** One export of `index`, downloaded as CSV and handed to `sink` row by row (header names as keys). */
export async function readExport(
	ctx: IExecuteFunctions,
	index: 'products' | 'product-variants',
	options: ReadOptions,
	sink: RowSink,
): Promise<ReadReport & { columns: string[] }> {
	const report: ReadReport = { requests: 0, rows: 0, complete: false };
	let columns: string[] = [];
	try {
		const taskId = await runExportTask(ctx, index, options, report);
		report.requests++;
		const answer = await spaazaRequest<{ url?: unknown }>(ctx, 0, {
			api: 'services',
			method: 'GET',
			path: `/tasks/${taskId}/download_url`,
			chainId: options.chainId,
			maxRetries: options.maxRetries,
			abortSignal: options.signal,
			connection: options.connection,
			subject: `task ${taskId}`,
		});
		if (typeof answer?.url !== 'string' || answer.url === '')
			throw new Error(`Spaaza returned no download URL for export task ${taskId}`);
		report.requests++;
		const download = await downloadPresignedFile(ctx, answer.url, {
			itemIndex: 0,
			abortSignal: options.signal,
			allowHttpAndPrivateHosts: await usesCustomEnvironment(ctx, 0),
			// The URL may carry what a hostile server echoed of the credential; so may storage's page.
			secrets: await credentialSecrets(ctx, 0),
		});
		// Parse's CSV reader (a BOM dropped, empty rows skipped): a row it cannot read, or of another
		// length than the header, ends the read as incomplete. Each row is handed on only once the
		// next one (or the file's clean end) shows it arrived whole: in a download that breaks off,
		// the last row may be cut inside its last value ("25.50" read as "25").
		let header: string[] | undefined;
		let held: Record<string, unknown> | undefined;
		const handOn = () => {
			if (held === undefined) return;
			report.rows++;
			sink(held);
			held = undefined;
		};
		// What the rows themselves got wrong is said as it is; anything else is the transfer, which
		// the download's guard names (a raw "aborted" from the body says nothing to a user).
		let rowProblem: Error | undefined;
		await readCsv(
			download.stream as AsyncIterable<Buffer>,
			(fields, line) => {
				if (header === undefined) {
					header = columns = fields.map((name) => name.trim());
					return true;
				}
				if (fields.length !== header.length)
					throw (rowProblem = new Error(
						`Line ${line} of the ${index} export has ${fields.length} values but its header has ${header.length} columns`,
					));
				const row: Record<string, unknown> = {};
				for (let i = 0; i < header.length; i++) row[header[i]] = fields[i];
				handOn();
				held = row;
				return true;
			},
			(problem) => {
				throw (rowProblem = new Error(`The ${index} export could not be read: ${problem.message}`));
			},
		).catch((error: unknown) => {
			throw error === rowProblem ? error : download.explain(error);
		});
		handOn();
		return { ...report, complete: true, columns };
	} catch (error) {
		return { ...failedRead(report, error, options.signal), columns };
	}
}

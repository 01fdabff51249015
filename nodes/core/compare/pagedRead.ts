/**
 * Reads an offset/limit list of unknown length several pages at a time (get-product-variants has
 * no total count, docs/spaaza-api.md §4), and hands the rows on strictly in page order. Pure: the
 * caller fetches a page; this decides which page comes next, when the list has ended and whether
 * what was read is the whole list.
 *
 * - At most `concurrency` pages are in flight, and at most that many read pages wait for an
 *   earlier one, so memory stays at `concurrency` pages whatever the list's length.
 * - The list ends at the first page shorter than `pageSize`. Pages already asked for beyond it
 *   (at most `concurrency - 1`) must come back empty: rows there mean the list moved while it was
 *   read, and the read is not complete.
 * - A page that fails stops the read: no page after it is asked for, and only the pages before
 *   it reach the sink (rows from after a gap prove nothing about the gap). A failure beyond the
 *   end of the list does not matter.
 * - `fatal(error)` errors (a cancelled execution) are thrown once the pages in flight settle.
 */

export type PageAnswer = { rows: readonly unknown[] } | { problem: string };

export interface PagedReadOptions {
	pageSize: number;
	concurrency: number;
	maxPages: number;
	fetchPage: (page: number) => Promise<PageAnswer>;
	sink: (row: unknown) => void;
	/** Errors that end the whole run instead of leaving the read incomplete. */
	fatal: (error: unknown) => boolean;
	/** How a failed page is described (`page` counts from 0). */
	describe: (page: number, error: unknown) => string;
}

export interface PagedReadResult {
	/** Pages asked for (retries of one page are the transport's and not counted). */
	requests: number;
	rows: number;
	complete: boolean;
	reason?: string;
}

export async function readPagesInOrder(options: PagedReadOptions): Promise<PagedReadResult> {
	const { pageSize, maxPages } = options;
	const concurrency = Math.max(1, Math.floor(options.concurrency) || 1);
	/** Pages read, waiting for an earlier page before they are handed on. */
	const waiting = new Map<number, readonly unknown[]>();
	const sleepers: Array<() => void> = [];
	const wake = () => {
		for (const resolve of sleepers.splice(0)) resolve();
	};
	let next = 0;
	let handedOn = 0;
	let requests = 0;
	let rows = 0;
	/** The first page shorter than pageSize: the list's last page. */
	let last = Infinity;
	/** The earliest page that failed, and why. */
	let failedAt = Infinity;
	let reason: string | undefined;
	let moved: string | undefined;
	let fatal: unknown;

	const fail = (page: number, why: string) => {
		if (page < failedAt) {
			failedAt = page;
			reason = why;
		}
	};
	const checkBeyondLast = (page: number, pageRows: readonly unknown[]) => {
		if (page > last && pageRows.length > 0)
			moved ??= `Spaaza's list changed while it was read: page ${page + 1} holds rows after page ${last + 1}, which was its last`;
	};
	const handOn = () => {
		while (handedOn <= last && handedOn < failedAt && waiting.has(handedOn)) {
			for (const row of waiting.get(handedOn)!) {
				rows++;
				options.sink(row);
			}
			waiting.delete(handedOn);
			handedOn++;
		}
	};

	const worker = async () => {
		while (fatal === undefined && next <= last && next < failedAt && next < maxPages) {
			// A slow page must not let the others run ahead without bound: wait for it.
			if (next - handedOn >= 2 * concurrency) {
				await new Promise<void>((resolve) => sleepers.push(resolve));
				continue;
			}
			const page = next++;
			requests++;
			try {
				const answer = await options.fetchPage(page);
				if ('problem' in answer) fail(page, answer.problem);
				else if (page > last) checkBeyondLast(page, answer.rows);
				else {
					if (answer.rows.length < pageSize) {
						last = page;
						for (const [later, laterRows] of waiting) checkBeyondLast(later, laterRows);
					}
					waiting.set(page, answer.rows);
					handOn();
				}
			} catch (error) {
				if (options.fatal(error)) fatal ??= error;
				else fail(page, options.describe(page, error));
			}
			wake();
		}
		wake();
	};

	await Promise.all(Array.from({ length: concurrency }, worker));
	if (fatal !== undefined) throw fatal;
	if (last !== Infinity && handedOn === last + 1 && moved === undefined)
		return { requests, rows, complete: true };
	return {
		requests,
		rows,
		complete: false,
		reason: moved ?? reason ?? `Stopped after ${maxPages} pages`,
	};
}

import { readPagesInOrder, type PageAnswer } from '../../../../nodes/core/compare/pagedRead';

const PAGE = 5;

/** A list of `total` rows served in pages of PAGE; `delay(page)` ms before each answer. */
function list(
	total: number,
	options: { delay?: (page: number) => number; fail?: (page: number) => unknown } = {},
) {
	const asked: number[] = [];
	let inFlight = 0;
	let maxInFlight = 0;
	const fetchPage = async (page: number): Promise<PageAnswer> => {
		asked.push(page);
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		await new Promise((resolve) => setTimeout(resolve, options.delay?.(page) ?? 1));
		inFlight--;
		const failure = options.fail?.(page);
		if (failure !== undefined) throw failure;
		const rows = [];
		for (let i = page * PAGE; i < Math.min(total, (page + 1) * PAGE); i++) rows.push(i);
		return { rows };
	};
	return { fetchPage, asked, maxInFlight: () => maxInFlight };
}

async function read(
	source: ReturnType<typeof list>,
	concurrency: number,
	fatal: (error: unknown) => boolean = () => false,
) {
	const rows: unknown[] = [];
	const result = await readPagesInOrder({
		pageSize: PAGE,
		concurrency,
		maxPages: 1000,
		fetchPage: source.fetchPage,
		sink: (row) => rows.push(row),
		fatal,
		describe: (page, error) => `page ${page}: ${String(error)}`,
	});
	return { ...result, rows };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('readPagesInOrder', () => {
	it('reads several pages at once and hands the rows on in list order, whatever order the pages answer in', async () => {
		// Later pages answer first.
		const source = list(48, { delay: (page) => 40 - page * 3 });
		const result = await read(source, 4);
		expect(result).toMatchObject({ complete: true, rows: range(48) });
		expect(source.maxInFlight()).toBe(4);
		// 10 pages hold the list (the tenth is short); at most 3 more were asked while it was read.
		expect(result.requests).toBeGreaterThanOrEqual(10);
		expect(result.requests).toBeLessThanOrEqual(13);
	});

	it('needs one page past a list that fills its last page', async () => {
		const result = await read(list(20), 1);
		expect(result).toMatchObject({ complete: true, requests: 5, rows: range(20) });
	});

	it('stops at a page that fails, and hands on only the pages before it', async () => {
		const source = list(100, {
			delay: (page) => (page === 3 ? 30 : 2),
			fail: (page) => (page === 3 ? new Error('503 Service Unavailable') : undefined),
		});
		const result = await read(source, 4);
		expect(result.complete).toBe(false);
		expect(result.reason).toBe('page 3: Error: 503 Service Unavailable');
		// Pages 4 and on may have been read while page 3 was out; none of their rows counts.
		expect(result.rows).toEqual(range(15));
		expect(Math.max(...source.asked)).toBeLessThan(3 + 2 * 4 + 1);
	});

	it('does not mind a failure after the end of the list', async () => {
		const source = list(12, { fail: (page) => (page >= 3 ? new Error('gone') : undefined) });
		const result = await read(source, 4);
		expect(result).toMatchObject({ complete: true, rows: range(12) });
	});

	it('is not complete when rows turn up after the last page (the list moved while read)', async () => {
		const result = await readPagesInOrder({
			pageSize: PAGE,
			concurrency: 3,
			maxPages: 100,
			fetchPage: async (page) => {
				await new Promise((resolve) => setTimeout(resolve, page === 2 ? 20 : 1));
				// Page 1 is short, page 2 (asked at the same time) is full.
				return { rows: page === 1 ? [5, 6] : range(PAGE).map((i) => page * PAGE + i) };
			},
			sink: () => {},
			fatal: () => false,
			describe: String,
		});
		expect(result.complete).toBe(false);
		expect(result.reason).toMatch(/changed while it was read/);
	});

	it('throws a fatal error (a cancelled run) once the pages in flight settle', async () => {
		const cancelled = new Error('cancelled');
		const source = list(100, { fail: (page) => (page === 2 ? cancelled : undefined) });
		await expect(read(source, 4, (error) => error === cancelled)).rejects.toBe(cancelled);
	});

	it('is not complete when the list does not end within the page limit', async () => {
		const rows: unknown[] = [];
		const result = await readPagesInOrder({
			pageSize: PAGE,
			concurrency: 2,
			maxPages: 3,
			fetchPage: async (page) => ({ rows: range(PAGE).map((i) => page * PAGE + i) }),
			sink: (row) => rows.push(row),
			fatal: () => false,
			describe: String,
		});
		expect(result).toMatchObject({ complete: false, requests: 3, reason: 'Stopped after 3 pages' });
	});
});

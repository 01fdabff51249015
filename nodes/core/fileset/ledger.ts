/**
 * The record of which file sets have landed in Spaaza, for Parse's Skip Processed Sets. Pure: the
 * nodes read it from and write it back to the workflow's static data.
 *
 * Commit on success: Parse marks every set it outputs as *pending* with its record counts and the
 * execution that read it; each Upsert node adds the records of that execution that reached a
 * final state (upserted, or rejected as invalid). A set whose counts are reached is *done* and
 * moves the `doneUpTo` mark; Parse skips only sets at or before that mark. A run that fails, is
 * stopped or dies leaves its sets pending (or, if n8n never saved, as they were), so the next run
 * reads them again. The ledger lives in the workflow-wide static data because the Upsert nodes
 * find a set only by the `_source.fileSet` its records carry, not by the Parse node's name.
 */

import { SPAAZA_CODES, type SpaazaIssue } from '../errors';

/** n8n's workflow static data, as plain JSON (core/ imports nothing from n8n). */
type StaticData = Record<string, unknown>;

/** Key in the workflow's global static data. */
export const LEDGER_KEY = 'spaazaFileSets';

/** Pending sets kept at most: static data is saved with the workflow and must stay small. */
export const MAX_PENDING_SETS = 100;

export const DEFAULT_UNCONFIRMED_RUNS = 3;

export type LedgerPart = 'products' | 'variants';

export interface PendingSet {
	/** The execution that read the set last; only its upserts count towards it. */
	run: string;
	products: number;
	variants: number;
	productsDone: number;
	variantsDone: number;
	/** Runs in a row that read the set without confirming it, this one included. */
	runs: number;
}

export interface Ledger {
	/** Sets with this timestamp or an older one are skipped. */
	doneUpTo?: string;
	pending: Record<string, PendingSet>;
}

const count = (value: unknown): number =>
	typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0;

/** The ledger in static data; anything unexpected there (edited by hand, older version) is dropped. */
export function readLedger(staticData: StaticData): Ledger {
	const raw = staticData[LEDGER_KEY] as StaticData | undefined;
	const ledger: Ledger = { pending: {} };
	if (typeof raw !== 'object' || raw === null) return ledger;
	if (typeof raw.doneUpTo === 'string') ledger.doneUpTo = raw.doneUpTo;
	const pending = raw.pending as Record<string, StaticData> | undefined;
	if (typeof pending === 'object' && pending !== null) {
		for (const [fileSet, entry] of Object.entries(pending)) {
			if (typeof entry !== 'object' || entry === null || typeof entry.run !== 'string') continue;
			ledger.pending[fileSet] = {
				run: entry.run,
				products: count(entry.products),
				variants: count(entry.variants),
				productsDone: count(entry.productsDone),
				variantsDone: count(entry.variantsDone),
				runs: Math.max(1, count(entry.runs)),
			};
		}
	}
	return ledger;
}

/** Writes a plain copy back: assigning the key is what makes n8n see the change and save it. */
export function writeLedger(staticData: StaticData, ledger: Ledger): void {
	staticData[LEDGER_KEY] = JSON.parse(JSON.stringify(ledger)) as StaticData;
}

function isDone(entry: PendingSet): boolean {
	return entry.productsDone >= entry.products && entry.variantsDone >= entry.variants;
}

/** Moves the mark to a done set and forgets pending sets the mark now covers; keeps the newest few. */
function settle(ledger: Ledger, fileSet: string): void {
	delete ledger.pending[fileSet];
	if (ledger.doneUpTo === undefined || fileSet > ledger.doneUpTo) ledger.doneUpTo = fileSet;
	prune(ledger);
}

function prune(ledger: Ledger): void {
	const keys = Object.keys(ledger.pending).sort();
	keys.forEach((key, index) => {
		const covered = ledger.doneUpTo !== undefined && key <= ledger.doneUpTo;
		if (covered || index < keys.length - MAX_PENDING_SETS) delete ledger.pending[key];
	});
}

export function describeCounts(entry: PendingSet): string {
	return `${entry.productsDone} of ${entry.products} products and ${entry.variantsDone} of ${entry.variants} variants`;
}

export interface OutputSet {
	fileSet: string;
	products: number;
	variants: number;
}

/**
 * Parse's part, after reading: every set it outputs becomes pending for this run (a set with no
 * records left to send is done at once). A set an earlier run left pending is reported — as a
 * warning, and as an error once it has gone `unconfirmedRuns` runs in a row unconfirmed — and
 * read again all the same.
 */
export function markPending(
	ledger: Ledger,
	run: string,
	sets: readonly OutputSet[],
	unconfirmedRuns: number,
): SpaazaIssue[] {
	const issues: SpaazaIssue[] = [];
	for (const { fileSet, products, variants } of sets) {
		const before = ledger.pending[fileSet];
		if (before && before.run === run) {
			// Parse ran twice in one execution (a loop): both outputs must land.
			before.products += products;
			before.variants += variants;
			continue;
		}
		if (before) {
			const counts = describeCounts(before);
			const stuck = before.runs >= unconfirmedRuns;
			issues.push({
				severity: stuck ? 'error' : 'warning',
				code: SPAAZA_CODES.SET_NOT_CONFIRMED,
				message: stuck
					? `Set ${fileSet} has not been confirmed in ${before.runs} runs in a row (last time ${counts} reached Spaaza); it is imported again. Look at the failed records of the Upsert nodes, or at a node that filters records out before them`
					: `Set ${fileSet} is imported again: the previous run did not confirm it (${counts} reached Spaaza). The run failed or was stopped, records failed in Spaaza, or records were filtered out before the Upsert nodes`,
				fileSet,
				value: counts,
			});
		}
		ledger.pending[fileSet] = {
			run,
			products,
			variants,
			productsDone: 0,
			variantsDone: 0,
			runs: (before?.runs ?? 0) + 1,
		};
		if (products + variants === 0) settle(ledger, fileSet);
	}
	prune(ledger);
	return issues;
}

/**
 * An Upsert node's part: `settled` counts, per set, the records of this node's call that reached a
 * final state. Only a set this execution's Parse marked pending counts; returns the sets now done.
 */
export function confirmRecords(
	ledger: Ledger,
	run: string,
	part: LedgerPart,
	settled: ReadonlyMap<string, number>,
): string[] {
	const done: string[] = [];
	for (const [fileSet, records] of settled) {
		const entry = ledger.pending[fileSet];
		if (!entry || entry.run !== run) continue;
		if (part === 'products') entry.productsDone += records;
		else entry.variantsDone += records;
		if (isDone(entry)) {
			settle(ledger, fileSet);
			done.push(fileSet);
		}
	}
	return done;
}

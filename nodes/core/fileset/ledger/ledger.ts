/**
 * The record of which file sets have landed in Spaaza, for Parse's Skip Processed Sets. Pure: the
 * nodes read it from and write it back to the workflow's static data.
 *
 * A set counts as processed only when it and every older set it was seen with have landed:
 * - Parse marks every set it sees: a set it outputs is *pending* with its record counts and the
 *   execution that read it; a set Wait for Complete Files holds is *waiting*; a set Parse rejects
 *   whole (a bad header, a missing or doubled file) is *rejected*.
 * - Each Upsert node adds the records of that execution that reached a final state (upserted, or
 *   rejected as invalid), by identity (file and line, or owner code), so a retried or repeated
 *   node counts a record once. A set whose records all landed is *landed*.
 * - `doneUpTo` moves over landed sets oldest first and stops at the first pending or waiting set
 *   (and at a rejected one when the user asked for that): a newer set is never confirmed past an
 *   older one that has not landed. A landed set behind it stays in the ledger, so the next run
 *   imports it again after the older one and the newest values win.
 * - Parse skips a set only when it is at or before `doneUpTo`, is not in the ledger, and no older
 *   set was read in the same run (parseFileSet.ts): a rejected set that is read at last brings the
 *   newer sets after it along.
 * A run that fails, is stopped or dies leaves its sets pending (or, if n8n never saved, as they
 * were), so the next run reads them again. The ledger lives in the workflow-wide static data
 * because the Upsert nodes find a set only by the `_source.fileSet` its records carry.
 */

import { SPAAZA_CODES, type SpaazaIssue } from '../../errors';

/** n8n's workflow static data, as plain JSON (core/ imports nothing from n8n). */
type StaticData = Record<string, unknown>;

/** Key in the workflow's global static data. */
export const LEDGER_KEY = 'spaazaFileSets';

/**
 * Sets kept in the ledger at most: static data is saved with the workflow and must stay small.
 * Beyond it the newest sets are left out; a set without an entry is never confirmed, so it is
 * imported again on the next run (it is never skipped without landing).
 */
export const MAX_PENDING_SETS = 100;

/**
 * Ranges of landed record identities kept in the whole ledger at most (two numbers each). A set
 * whose landed records no longer fit counts only those that fit: it may be imported again, never
 * confirmed with fewer records landed than it has.
 */
export const MAX_LANDED_RANGES = 2000;

export const DEFAULT_UNCONFIRMED_RUNS = 3;

export type LedgerPart = 'products' | 'variants';

export type SetState = 'pending' | 'waiting' | 'rejected' | 'landed';

export interface PendingSet {
	/** The execution that saw the set last; only its upserts count towards it. */
	run: string;
	/** Absent in ledgers of older versions: `pending`. */
	state?: SetState;
	/** A rejected set that holds back the sets after it (Hold Back Sets After a Rejected Set). */
	holds?: boolean;
	products: number;
	variants: number;
	productsDone: number;
	variantsDone: number;
	/**
	 * Identities of the records that landed in this run, as sorted `[first, last]` pairs flattened:
	 * a record's line in its file (or, without one, a number made from its owner code).
	 */
	productsLanded?: number[];
	variantsLanded?: number[];
	/** Runs in a row that saw the set without confirming it, this one included. */
	runs: number;
	/** The Parse node that saw it (two Parse nodes may share the ledger). */
	node?: string;
}

export interface Ledger {
	/** Sets with this timestamp or an older one are skipped, unless they are in `pending`. */
	doneUpTo?: string;
	pending: Record<string, PendingSet>;
}

const count = (value: unknown): number =>
	typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0;

const STATES: readonly SetState[] = ['pending', 'waiting', 'rejected', 'landed'];

function ranges(value: unknown): number[] | undefined {
	if (!Array.isArray(value) || value.length % 2 !== 0) return undefined;
	return value.every((n) => typeof n === 'number' && Number.isSafeInteger(n))
		? (value as number[])
		: undefined;
}

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
			const state = STATES.find((s) => s === entry.state);
			const productsLanded = ranges(entry.productsLanded);
			const variantsLanded = ranges(entry.variantsLanded);
			ledger.pending[fileSet] = {
				run: entry.run,
				...(state && state !== 'pending' ? { state } : {}),
				...(entry.holds === true ? { holds: true } : {}),
				products: count(entry.products),
				variants: count(entry.variants),
				productsDone: count(entry.productsDone),
				variantsDone: count(entry.variantsDone),
				...(productsLanded ? { productsLanded } : {}),
				...(variantsLanded ? { variantsLanded } : {}),
				runs: Math.max(1, count(entry.runs)),
				...(typeof entry.node === 'string' ? { node: entry.node } : {}),
			};
		}
	}
	return ledger;
}

/** Writes a plain copy back: assigning the key is what makes n8n see the change and save it. */
export function writeLedger(staticData: StaticData, ledger: Ledger): void {
	staticData[LEDGER_KEY] = JSON.parse(JSON.stringify(ledger)) as StaticData;
}

const stateOf = (entry: PendingSet): SetState => entry.state ?? 'pending';

/** Whether Parse may skip the set: confirmed, and not waiting for anything in the ledger. */
export function isProcessed(ledger: Ledger, fileSet: string): boolean {
	return (
		ledger.doneUpTo !== undefined && fileSet <= ledger.doneUpTo && !(fileSet in ledger.pending)
	);
}

/**
 * Moves `doneUpTo` over landed sets, oldest first, and stops at the first set that has not landed
 * and holds back the sets after it. A rejected set that does not hold them back stays in the
 * ledger behind the mark, so it is still read (and reported) every run.
 */
function advance(ledger: Ledger): void {
	for (const fileSet of Object.keys(ledger.pending).sort()) {
		const entry = ledger.pending[fileSet];
		const state = stateOf(entry);
		if (ledger.doneUpTo !== undefined && fileSet <= ledger.doneUpTo) {
			if (state === 'landed') delete ledger.pending[fileSet];
			continue;
		}
		if (state === 'landed') {
			delete ledger.pending[fileSet];
			ledger.doneUpTo = fileSet;
		} else if (state !== 'rejected' || entry.holds) break;
	}
}

/**
 * Keeps the ledger at MAX_PENDING_SETS sets. Newest sets go first: a set after the mark without an
 * entry is not skipped, only imported again. When only sets behind the mark (rejected ones that
 * hold nothing back) are left, the mark moves back before the oldest one dropped, so the sets
 * after it are imported again rather than it being skipped.
 */
function prune(ledger: Ledger): void {
	const keys = Object.keys(ledger.pending).sort();
	let over = keys.length - MAX_PENDING_SETS;
	for (let i = keys.length - 1; over > 0 && i >= 0; i--) {
		if (ledger.doneUpTo !== undefined && keys[i] <= ledger.doneUpTo) break;
		delete ledger.pending[keys[i]];
		over--;
	}
	for (let i = 0; over > 0; i++, over--) {
		delete ledger.pending[keys[i]];
		// Just before the dropped set: every set from it on is read again.
		ledger.doneUpTo = keys[i].slice(0, -1);
	}
}

export function describeCounts(entry: PendingSet): string {
	return `${entry.productsDone} of ${entry.products} products and ${entry.variantsDone} of ${entry.variants} variants`;
}

export interface OutputSet {
	fileSet: string;
	products: number;
	variants: number;
}

export interface SeenSet {
	fileSet: string;
	/** `read`: Parse outputs its records; `waiting`: held by Wait for Complete Files; `rejected`: Parse left it out with an error. */
	state: 'read' | 'waiting' | 'rejected';
	products?: number;
	variants?: number;
}

export interface MarkOptions {
	unconfirmedRuns: number;
	/** A rejected set holds back the sets after it (default false). */
	holdBackAfterRejected?: boolean;
	/** Every set whose files came in this run; an entry of this node for a set not among them is dropped. */
	present?: ReadonlySet<string>;
	/** The Parse node's name. */
	node?: string;
}

/** Whether the entry holds back the sets after it while it has not landed. */
function holdsBack(entry: PendingSet): boolean {
	const state = stateOf(entry);
	return (
		state === 'pending' || state === 'waiting' || (state === 'rejected' && entry.holds === true)
	);
}

function notConfirmed(
	fileSet: string,
	before: PendingSet,
	now: SeenSet['state'],
	options: MarkOptions,
	olderWaiting: string | undefined,
): SpaazaIssue {
	const counts = describeCounts(before);
	const stuck = before.runs >= options.unconfirmedRuns;
	let message: string;
	if (now === 'waiting') {
		message = `Set ${fileSet} has not been confirmed in ${before.runs} runs in a row: its files are still held by Wait for Complete Files (see SPAAZA_FILE_NOT_READY)`;
	} else if (now === 'rejected') {
		const holds = options.holdBackAfterRejected
			? 'It holds back the sets after it: they are imported again on every run until it lands'
			: 'It does not hold back the sets after it: they are confirmed without it, and imported again after it once it can be imported';
		message = `Set ${fileSet} has not been imported in ${before.runs + 1} runs in a row: it is rejected (see its errors). ${holds}`;
	} else if (stateOf(before) === 'landed' && olderWaiting) {
		message = `Set ${fileSet} is imported again after the older set ${olderWaiting}: it reached Spaaza, but ${olderWaiting} has not, and sets are applied oldest first so the newest values win`;
	} else if (stuck) {
		message = `Set ${fileSet} has not been confirmed in ${before.runs} runs in a row (last time ${counts} reached Spaaza); it is imported again. Look at the failed records of the Upsert nodes, or at a node that filters records out before them`;
	} else {
		message = `Set ${fileSet} is imported again: the previous run did not confirm it (${counts} reached Spaaza). The run failed or was stopped, records failed in Spaaza, or records were filtered out before the Upsert nodes`;
	}
	const landedBehind = stateOf(before) === 'landed';
	return {
		severity: stuck && !landedBehind ? 'error' : 'warning',
		code: SPAAZA_CODES.SET_NOT_CONFIRMED,
		message,
		fileSet,
		value: counts,
	};
}

/**
 * Parse's part, after reading: every set it saw goes into the ledger for this run (a set read
 * with no records left to send has landed at once). A set an earlier run left unconfirmed is
 * reported — as a warning, and as an error once it has gone `unconfirmedRuns` runs in a row
 * unconfirmed — and read again all the same.
 */
export function markSeen(
	ledger: Ledger,
	run: string,
	sets: readonly SeenSet[],
	options: MarkOptions,
): SpaazaIssue[] {
	const issues: SpaazaIssue[] = [];
	if (options.present) {
		for (const [fileSet, entry] of Object.entries(ledger.pending)) {
			if (entry.run === run || entry.node !== options.node || options.present.has(fileSet))
				continue;
			delete ledger.pending[fileSet];
			const state = stateOf(entry);
			if (state === 'landed' || state === 'rejected') continue;
			issues.push({
				severity: 'error',
				code: SPAAZA_CODES.SET_NOT_CONFIRMED,
				message: `Set ${fileSet} is no longer among the files, but it never got into Spaaza in full (${describeCounts(entry)} reached Spaaza). Newer sets no longer wait for it; put its files back to import it`,
				fileSet,
				value: describeCounts(entry),
			});
		}
	}
	const sorted = [...sets].sort((a, b) => (a.fileSet < b.fileSet ? -1 : 1));
	for (const seen of sorted) {
		const { fileSet } = seen;
		const before = ledger.pending[fileSet];
		const products = seen.products ?? 0;
		const variants = seen.variants ?? 0;
		if (before && before.run === run) {
			// Parse ran twice in one execution (a loop) on the same set: the same records.
			if (seen.state !== 'read') continue;
			before.products = Math.max(before.products, products);
			before.variants = Math.max(before.variants, variants);
			if (stateOf(before) !== 'landed') delete before.state;
			continue;
		}
		// A held set is reported by Wait for Complete Files; here only once it is stuck.
		const held =
			seen.state === 'waiting' || (before !== undefined && stateOf(before) === 'waiting');
		if (before && (!held || before.runs >= options.unconfirmedRuns)) {
			const olderWaiting = Object.keys(ledger.pending)
				.sort()
				.find((key) => key < fileSet && holdsBack(ledger.pending[key]));
			issues.push(notConfirmed(fileSet, before, seen.state, options, olderWaiting));
		}
		const entry: PendingSet = {
			run,
			products,
			variants,
			productsDone: 0,
			variantsDone: 0,
			runs: (before?.runs ?? 0) + 1,
			...(options.node !== undefined ? { node: options.node } : {}),
		};
		if (seen.state === 'waiting') entry.state = 'waiting';
		if (seen.state === 'rejected') {
			entry.state = 'rejected';
			if (options.holdBackAfterRejected) entry.holds = true;
		}
		if (seen.state === 'read' && products + variants === 0) entry.state = 'landed';
		ledger.pending[fileSet] = entry;
	}
	// A set behind the mark that is read again (a rejected set that can be imported at last) moves
	// the mark back before it: the sets after it, read again after it, must land again too.
	const behind = Object.keys(ledger.pending)
		.sort()
		.find(
			(key) =>
				ledger.doneUpTo !== undefined && key <= ledger.doneUpTo && holdsBack(ledger.pending[key]),
		);
	if (behind !== undefined) ledger.doneUpTo = behind.slice(0, -1);
	advance(ledger);
	prune(ledger);
	return issues;
}

/** The former Parse part: every set given is read and pending for this run. */
export function markPending(
	ledger: Ledger,
	run: string,
	sets: readonly OutputSet[],
	unconfirmedRuns: number,
): SpaazaIssue[] {
	return markSeen(
		ledger,
		run,
		sets.map((set) => ({ ...set, state: 'read' as const })),
		{ unconfirmedRuns },
	);
}

/** Adds identities to sorted, merged `[first, last]` pairs; false when the result would not fit. */
function addIdentities(pairs: number[], ids: readonly number[], room: number): number[] {
	const all: Array<[number, number]> = [];
	for (let i = 0; i < pairs.length; i += 2) all.push([pairs[i], pairs[i + 1]]);
	for (const id of ids) all.push([id, id]);
	all.sort((a, b) => a[0] - b[0]);
	const merged: number[] = [];
	for (const [first, last] of all) {
		const end = merged.length - 1;
		if (end > 0 && first <= merged[end] + 1) merged[end] = Math.max(merged[end], last);
		else if (merged.length / 2 < room) merged.push(first, last);
		// No room: the identities left out are simply not counted (the set cannot be confirmed).
	}
	return merged;
}

function landedCount(pairs: readonly number[]): number {
	let total = 0;
	for (let i = 0; i < pairs.length; i += 2) total += pairs[i + 1] - pairs[i] + 1;
	return total;
}

function rangesInUse(ledger: Ledger, except: PendingSet): number {
	let total = 0;
	for (const entry of Object.values(ledger.pending)) {
		if (entry === except) continue;
		total += ((entry.productsLanded?.length ?? 0) + (entry.variantsLanded?.length ?? 0)) / 2;
	}
	return total;
}

/**
 * An Upsert node's part: `landed` lists, per set, the identities of the records of this node's
 * call that reached a final state. Only a set this execution's Parse read counts, and each record
 * counts once however often it is sent (Retry On Fail, a node run twice). Returns the sets that
 * landed with this call.
 */
export function confirmRecords(
	ledger: Ledger,
	run: string,
	part: LedgerPart,
	landed: ReadonlyMap<string, readonly number[]>,
): string[] {
	const done: string[] = [];
	for (const [fileSet, ids] of landed) {
		const entry = ledger.pending[fileSet];
		if (!entry || entry.run !== run || stateOf(entry) !== 'pending') continue;
		const key = part === 'products' ? 'productsLanded' : 'variantsLanded';
		const other = part === 'products' ? entry.variantsLanded : entry.productsLanded;
		const room = MAX_LANDED_RANGES - rangesInUse(ledger, entry) - (other?.length ?? 0) / 2;
		const pairs = addIdentities(entry[key] ?? [], ids, Math.max(0, room));
		entry[key] = pairs;
		if (part === 'products') entry.productsDone = Math.min(entry.products, landedCount(pairs));
		else entry.variantsDone = Math.min(entry.variants, landedCount(pairs));
		if (entry.productsDone >= entry.products && entry.variantsDone >= entry.variants) {
			entry.state = 'landed';
			// Only the counts are needed from now on.
			delete entry.productsLanded;
			delete entry.variantsLanded;
			done.push(fileSet);
		}
	}
	if (done.length > 0) advance(ledger);
	return done;
}

/**
 * A record's identity within its set and file: its first line, or (a record that names no line)
 * a number made from its owner code, above every line number.
 */
export function recordIdentity(lines: readonly number[] | undefined, ownerCode: string): number {
	const line = lines?.[0];
	if (typeof line === 'number' && Number.isSafeInteger(line) && line > 0 && line < 2 ** 40)
		return line;
	let hash = 0;
	for (let i = 0; i < ownerCode.length; i++)
		hash = (Math.imul(hash, 31) + ownerCode.charCodeAt(i)) >>> 0;
	return 2 ** 40 + hash;
}

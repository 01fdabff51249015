import { SPAAZA_CODES, type SpaazaIssue } from '../../errors';
import { baseName, checkFileName, type FileType } from './fileName';

export interface PlannedSet<F> {
	fileSet: string;
	productlist?: F;
	variantlist?: F;
	/**
	 * Processed before: its SPAAZA_SET_SKIPPED warning (already in the issues). parseFileSet.ts
	 * skips it, unless an older set was read in the same run (then it is read again after it).
	 */
	skipped?: SpaazaIssue;
	/** Why a skipped set could not be used if it is read after all. */
	unusable?: string[];
}

export interface SetPlanOptions {
	requireCompleteSets: boolean;
	/** Sets with this timestamp or an older one were processed before and are skipped. */
	processedUpTo?: string;
	/** Which sets were processed before (default: those at or before `processedUpTo`). */
	isProcessed?: (fileSet: string) => boolean;
}

/**
 * Reports a set that misses a file or has one twice; returns whether it is left out (rejected)
 * or its one usable file is imported on its own (Require Complete Sets off).
 */
export function reportUnusable(
	fileSet: string,
	set: { productlist?: unknown; variantlist?: unknown },
	unusable: readonly string[],
	requireCompleteSets: boolean,
	issues: SpaazaIssue[],
): boolean {
	const rejected = requireCompleteSets || (!set.productlist && !set.variantlist);
	issues.push({
		severity: rejected ? 'error' : 'warning',
		code: SPAAZA_CODES.SET_INCOMPLETE,
		message: rejected
			? `Set ${fileSet} was not imported: ${unusable.join(' and ')}. Both files of a set must have the same date and time in their names`
			: `Set ${fileSet} is incomplete (${unusable.join(' and ')}); the file that is present is imported on its own`,
		fileSet,
	});
	return rejected;
}

/**
 * A logo or PDF next to the CSV files on an email is no mistake; a misnamed CSV file is, and so
 * is anything named like a product or variant list.
 */
function isUnrelatedFile(name: string): boolean {
	const base = baseName(name);
	const extension = /\.([a-z0-9]+)$/i.exec(base)?.[1]?.toLowerCase();
	return extension !== undefined && extension !== 'csv' && !/productlist|variantlist/i.test(base);
}

/**
 * Recognises files by name, groups them into sets by timestamp and orders the sets oldest
 * first. Whatever is left out is reported: a stray file, a second copy of a file (neither copy is
 * used, since nobody can tell which is right), an incomplete set, a set already processed.
 */
export function planFileSets<F extends { name: string }>(
	files: readonly F[],
	options: SetPlanOptions,
): { sets: Array<PlannedSet<F>>; issues: SpaazaIssue[]; rejected: string[] } {
	const issues: SpaazaIssue[] = [];
	const rejectedSets: string[] = [];
	const { processedUpTo } = options;
	const isProcessed =
		options.isProcessed ??
		((fileSet: string) => processedUpTo !== undefined && fileSet <= processedUpTo);
	const groups = new Map<string, Record<FileType, F[]>>();
	for (const file of files) {
		const check = checkFileName(file.name);
		if (!check.ok) {
			const unrelated = isUnrelatedFile(file.name);
			issues.push({
				severity: unrelated ? 'warning' : 'error',
				code: SPAAZA_CODES.FILE_NAME,
				message: unrelated ? `${check.message} The file was ignored.` : check.message,
				file: baseName(file.name),
			});
			continue;
		}
		let group = groups.get(check.fileSet);
		if (!group) groups.set(check.fileSet, (group = { productlist: [], variantlist: [] }));
		group[check.type].push(file);
	}

	const sets: Array<PlannedSet<F>> = [];
	for (const fileSet of [...groups.keys()].sort()) {
		const group = groups.get(fileSet) as Record<FileType, F[]>;
		const set: PlannedSet<F> = { fileSet };
		const unusable: string[] = [];
		for (const type of ['productlist', 'variantlist'] as const) {
			const found = group[type];
			const name = `${type}_${fileSet}.csv`;
			if (found.length === 1) set[type] = found[0];
			else if (found.length === 0) unusable.push(`${name} is missing`);
			else {
				unusable.push(`${name} was given ${found.length} times`);
				issues.push({
					severity: 'error',
					code: SPAAZA_CODES.DUPLICATE_FILE,
					message: `${name} was given ${found.length} times; none of the copies is used because it is unclear which one is right. Pass each file once`,
					fileSet,
					file: name,
				});
			}
		}
		if (isProcessed(fileSet)) {
			const skipped: SpaazaIssue = {
				severity: 'warning',
				code: SPAAZA_CODES.SET_SKIPPED,
				message: options.isProcessed
					? `Set ${fileSet} was skipped: it and every older set seen with it were already imported`
					: `Set ${fileSet} was skipped: a set with the same or a newer timestamp (${processedUpTo}) was already processed`,
				fileSet,
			};
			issues.push(skipped);
			sets.push({ ...set, skipped, unusable });
			continue;
		}
		if (unusable.length > 0) {
			if (reportUnusable(fileSet, set, unusable, options.requireCompleteSets, issues)) {
				rejectedSets.push(fileSet);
				continue;
			}
		}
		sets.push(set);
	}
	return { sets, issues, rejected: rejectedSets };
}

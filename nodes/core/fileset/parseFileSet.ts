import { SPAAZA_CODES, SpaazaFileSetError, type SpaazaIssue } from '../errors';
import type { RecordKind } from '../records/fields';
import type { ProductRecord, VariantRecord } from '../records/types';
import type { ByteSource } from './csv/csvReader';
import { baseName } from './names/fileName';
import { planFileSets, reportUnusable } from './names/fileSets';
import type { FastPaths } from './fastPaths';
import { parseFile, type FileParseOptions } from './parseFile';

export interface FileSetSource {
	name: string;
	/** The file's bytes, or a function that opens them (only called for sets that are read). */
	stream: ByteSource | (() => Promise<ByteSource>);
}

export interface ParseFileSetOptions {
	/** A set missing one of its files is rejected as a whole (default true). */
	requireCompleteSets?: boolean;
	/** `update_if_exists` for rows that do not set it (default true). */
	updateIfExists?: boolean;
	/** `fail`: throw `SpaazaFileSetError` at the first error instead of reporting it. */
	onInvalidRow?: 'report' | 'fail';
	/** Skip sets with this timestamp or an older one (reported as SPAAZA_SET_SKIPPED). */
	processedUpTo?: string;
	/**
	 * Which sets to skip (default: those at or before `processedUpTo`). A skipped set is read after
	 * all when an older set is read in the same run, so it lands after it and its values win.
	 */
	isProcessed?: (fileSet: string) => boolean;
	/** Stop with SPAAZA_TOO_MANY_RECORDS once more data rows than this are read in all. */
	maxRows?: number;
	/** Tests only: speed-ups to leave out (fastPaths.ts). */
	fastPaths?: Partial<FastPaths>;
}

export interface ParsedFileSet<F extends FileSetSource = FileSetSource> {
	/** The set's timestamp, `YYYYMMDD_HHMMSS`. */
	fileSet: string;
	productFile?: F;
	variantFile?: F;
	products: ProductRecord[];
	variants: VariantRecord[];
}

export interface ParseFileSetResult<F extends FileSetSource = FileSetSource> {
	/** Oldest first, the order the Spaaza importer processes sets in. */
	sets: Array<ParsedFileSet<F>>;
	issues: SpaazaIssue[];
	/** Sets left out or cut short by an error: a missing, doubled or unusable file. */
	rejected: string[];
	/** Timestamp of the newest set that was read, to remember for `processedUpTo`. */
	newestFileSet?: string;
}

async function open(source: FileSetSource): Promise<ByteSource> {
	return typeof source.stream === 'function' ? await source.stream() : source.stream;
}

/**
 * Parses Spaaza product file sets (README "Spaaza file sets"): recognises the files by name, groups them into
 * sets oldest first, and reads, validates and normalises every row. Every valid record comes out
 * even when other rows are bad; everything left out is in `issues` with its file, line and column.
 */
export async function parseFileSet<F extends FileSetSource>(
	files: readonly F[],
	options: ParseFileSetOptions = {},
): Promise<ParseFileSetResult<F>> {
	const requireCompleteSets = options.requireCompleteSets ?? true;
	const fileOptions: FileParseOptions = {
		updateIfExists: options.updateIfExists ?? true,
		failOnError: options.onInvalidRow === 'fail',
		...(options.fastPaths ? { fastPaths: options.fastPaths } : {}),
		...(options.maxRows === undefined
			? {}
			: { rowBudget: { left: options.maxRows, limit: options.maxRows } }),
	};
	const plan = planFileSets(files, {
		requireCompleteSets,
		processedUpTo: options.processedUpTo,
		isProcessed: options.isProcessed,
	});
	const issues = plan.issues;
	const rejected = plan.rejected;
	const firstError = issues.find((issue) => issue.severity === 'error');
	if (fileOptions.failOnError && firstError) throw new SpaazaFileSetError(firstError);

	const sets: Array<ParsedFileSet<F>> = [];
	for (const planned of plan.sets) {
		const { fileSet, productlist, variantlist } = planned;
		if (planned.skipped) {
			// Processed before: skipped, unless an older set was read in this run.
			if (sets.length === 0) continue;
			issues.splice(issues.indexOf(planned.skipped), 1);
			if (planned.unusable && planned.unusable.length > 0) {
				const left = reportUnusable(
					fileSet,
					planned,
					planned.unusable,
					requireCompleteSets,
					issues,
				);
				if (left) {
					rejected.push(fileSet);
					continue;
				}
			}
		}
		const set: ParsedFileSet<F> = {
			fileSet,
			productFile: productlist,
			variantFile: variantlist,
			products: [],
			variants: [],
		};
		const unreadable: string[] = [];
		const read = async <K extends RecordKind>(kind: K, input: F) => {
			const file = baseName(input.name);
			const parsed = await parseFile(
				kind,
				await open(input),
				{ fileSet, file },
				fileOptions,
				issues,
			);
			if (parsed.rejected) unreadable.push(file);
			return parsed.records;
		};
		if (productlist) set.products = await read('product', productlist);
		if (variantlist) set.variants = await read('variant', variantlist);
		if (requireCompleteSets && unreadable.length > 0) {
			issues.push({
				severity: 'error',
				code: SPAAZA_CODES.SET_INCOMPLETE,
				message: `Set ${fileSet} was not imported because ${unreadable.join(' and ')} could not be used (see the errors for ${unreadable.length === 1 ? 'that file' : 'those files'}). Fix it and import the whole set again`,
				fileSet,
			});
			rejected.push(fileSet);
			continue;
		}
		// A file that could not be used leaves the set short even when the other one is imported.
		if (unreadable.length > 0) rejected.push(fileSet);
		sets.push(set);
	}
	const newestFileSet = sets.length > 0 ? sets[sets.length - 1].fileSet : undefined;
	return { sets, issues, rejected, newestFileSet };
}

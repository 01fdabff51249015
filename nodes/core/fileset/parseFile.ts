import { SPAAZA_CODES, SpaazaFileSetError, type SpaazaIssue } from '../errors';
import type { ProductRecord, VariantRecord } from '../records/types';
import type { RecordKind } from '../records/fields';
import { readCsv, type ByteSource, type CsvProblem } from './csv/csvReader';
import { fastPathsOf, type FastPaths } from './fastPaths';
import { planColumns, type ColumnPlan } from './rows/header';
import { collectProducts } from './records/products';
import { createFileReporter, type FileIssue } from './reporter';
import { cellValue, createRowReader, type RowReader } from './rows/rows';
import { groupVariantRows } from './records/variants';

export interface FileParseOptions {
	updateIfExists: boolean;
	failOnError: boolean;
	/** Rows still allowed across the whole run; reading past it throws (see `maxRows`). */
	rowBudget?: { left: number; limit: number };
	/** Tests only: speed-ups to leave out (fastPaths.ts). */
	fastPaths?: Partial<FastPaths>;
}

/** Thrown when a run holds more rows than `maxRows` allows: it stops reading at once. */
function tooManyRows(
	where: { fileSet: string; file: string },
	line: number,
	limit: number,
): SpaazaFileSetError {
	return new SpaazaFileSetError({
		severity: 'error',
		code: SPAAZA_CODES.TOO_MANY_RECORDS,
		message: `${where.file}: the files hold more than ${limit.toLocaleString('en-US')} rows (reached at line ${line}), too many for one output item per record: n8n would hold every item in memory. Set Output to "Batches of Records", which handles files of millions of rows, or raise Max Records`,
		fileSet: where.fileSet,
		file: where.file,
		line,
	});
}

export interface ParsedFile<R> {
	records: R[];
	/** The file as a whole could not be used (empty, unreadable header, missing column...). */
	rejected: boolean;
}

function repeatsExcept(fields: string[], previous: string[], skip: number): boolean {
	if (fields.length !== previous.length) return false;
	for (let i = 0; i < fields.length; i++) if (i !== skip && fields[i] !== previous[i]) return false;
	return true;
}

type RecordOf<K extends RecordKind> = K extends 'product' ? ProductRecord : VariantRecord;
type VariantGrouper = ReturnType<typeof groupVariantRows>;

/** What the header row decided: how each column is read, and where the variant keys are. */
interface Header {
	line: number;
	plan: Array<ColumnPlan | undefined>;
	readRow: RowReader;
	ownerCodeIndex: number;
	barcodeIndex: number;
}

/** Where reading the file stands; the CSV problems and the end-of-file checks update it. */
interface FileProgress {
	header?: Header;
	/** The line of the header row; 0 until it is read (also when it was refused). */
	headerLine: number;
	rows: number;
	rejected: boolean;
	/** First line of rows a CSV problem joined into one; their variant is unknown. */
	swallowedFrom?: number;
}

function readHeader(
	kind: RecordKind,
	fields: string[],
	line: number,
	report: (issue: FileIssue) => void,
	fast: FastPaths,
): Header | undefined {
	const plan = planColumns(kind, fields, line, report, fast.sharedStrings);
	if (plan === undefined) return undefined;
	return {
		line,
		plan,
		// The keys the collectors set on each record after reading it, in that order.
		readRow: createRowReader(
			plan,
			kind === 'product' ? ['update_if_exists', '_source'] : ['_source', 'update_if_exists'],
			fast.recordShapes,
		),
		ownerCodeIndex: plan.findIndex((column) => column?.key === 'owner_code'),
		barcodeIndex: plan.findIndex((column) => column?.key === 'barcodes'),
	};
}

/** Reports a row the CSV reader could not read; `false` stops reading (the file is rejected). */
function onCsvProblem(
	problem: CsvProblem,
	progress: FileProgress,
	variants: VariantGrouper | undefined,
	report: (issue: FileIssue) => void,
): boolean {
	if (progress.headerLine !== 0) progress.rows++;
	const header = progress.header;
	const column =
		problem.fieldIndex === undefined ? undefined : header?.plan[problem.fieldIndex]?.column;
	report({
		severity: 'error',
		code: problem.code,
		message: problem.message,
		line: problem.line,
		...(column ? { column } : {}),
	});
	if (problem.crOnly) {
		progress.rejected = true;
		return false;
	}
	if (progress.headerLine === 0) {
		report({
			severity: 'error',
			code: SPAAZA_CODES.MISSING_COLUMN,
			message:
				'The header row (the first row, with the column names) could not be read, so the file was not imported',
			line: problem.line,
		});
		progress.rejected = true;
		return false;
	}
	if (variants === undefined) return true;
	if (problem.rest === 'unread') {
		// The unread rows may hold more barcodes of variants read so far: sending those
		// variants without them would delete the barcodes in Spaaza.
		report({
			severity: 'error',
			code: SPAAZA_CODES.INVALID_VALUE,
			message: `No variant of this file was imported: the rows after line ${problem.line} were not read and may belong to the variants before it`,
			line: problem.line,
		});
		progress.rejected = true;
		return false;
	}
	if (problem.swallowedFrom !== undefined) progress.swallowedFrom ??= problem.swallowedFrom;
	// The variant of a bad row is withheld; when the row broke before its owner code, the
	// variant is unknown and so no variant of the file can be trusted to be whole.
	const fields = problem.fields ?? problem.leadingFields;
	const ownerCodeIndex = header ? header.ownerCodeIndex : -1;
	if (fields && ownerCodeIndex >= 0 && fields.length > ownerCodeIndex) {
		variants.reject(undefined, fields, ownerCodeIndex, problem.line);
	} else if (problem.swallowedFrom === undefined) progress.swallowedFrom ??= problem.line;
	return true;
}

/** What only the end of the file shows: no header, no rows, rows of unknown variants. */
function checkEndOfFile(
	progress: FileProgress,
	kind: RecordKind,
	report: (issue: FileIssue) => void,
): void {
	if (progress.rejected) return;
	if (progress.headerLine === 0) {
		progress.rejected = true;
		report({
			severity: 'error',
			code: SPAAZA_CODES.EMPTY_FILE,
			message: 'The file is empty: it has no header row and no rows',
			line: 1,
		});
		return;
	}
	if (progress.rows === 0) {
		report({
			severity: 'warning',
			code: SPAAZA_CODES.EMPTY_FILE,
			message: 'The file has a header row but no rows, so there is nothing to import from it',
			line: progress.headerLine,
		});
	}
	if (kind === 'variant' && progress.swallowedFrom !== undefined) {
		// The swallowed rows may belong to any variant; one imported without them loses barcodes.
		progress.rejected = true;
		report({
			severity: 'error',
			code: SPAAZA_CODES.CSV_SYNTAX,
			message: `No variant of this file was imported: the row(s) starting at line ${progress.swallowedFrom} could not be read (see the error above), so which variant they belong to is unknown. A variant imported without one of its rows would lose that barcode in Spaaza. Fix the row and import again`,
			line: progress.swallowedFrom,
		});
	}
}

/** Reads, checks and normalises one product or variant list. */
export async function parseFile<K extends RecordKind>(
	kind: K,
	source: ByteSource,
	where: { fileSet: string; file: string },
	options: FileParseOptions,
	issues: SpaazaIssue[],
): Promise<ParsedFile<RecordOf<K>>> {
	const fast = fastPathsOf(options.fastPaths);
	const reporter = createFileReporter(where, issues, options.failOnError);
	const report = reporter.report;
	const products =
		kind === 'product' ? collectProducts(where, options.updateIfExists, report) : undefined;
	const variants =
		kind === 'variant'
			? groupVariantRows(where, options.updateIfExists, report, fast.adjacentVariants)
			: undefined;
	const progress: FileProgress = { headerLine: 0, rows: 0, rejected: false };
	// The previous accepted variant row: most rows of a variant repeat it but for the barcode,
	// and need neither reading nor comparing again.
	let previous: string[] | undefined;

	await readCsv(
		source,
		(fields, line, lastLine) => {
			const header = progress.header;
			if (header === undefined) {
				progress.headerLine = line;
				progress.header = readHeader(kind, fields, line, report, fast);
				if (progress.header !== undefined) return true;
				progress.rejected = true;
				return false;
			}
			progress.rows++;
			const budget = options.rowBudget;
			if (budget && --budget.left < 0) throw tooManyRows(where, line, budget.limit);
			if (products) {
				const row = header.readRow(fields, line, report, lastLine);
				if (row) products.add(row, line);
				return true;
			}
			const grouper = variants as VariantGrouper;
			const barcodeIndex = header.barcodeIndex;
			if (previous !== undefined && repeatsExcept(fields, previous, barcodeIndex)) {
				// Every other cell is one the row above passed with. The barcode goes through the same
				// cell check as in a full read; anything but a barcode (an empty or blank cell, an
				// invalid one) takes the full read, which reports it and withholds the variant.
				const barcode = cellValue(header.plan[barcodeIndex] as ColumnPlan, fields[barcodeIndex]);
				if (typeof barcode === 'string') {
					grouper.addBarcode(barcode, line);
					return true;
				}
			}
			const row = header.readRow(fields, line, report, lastLine);
			previous = row && grouper.add(row, line) && fast.repeatedRows ? fields : undefined;
			// Withhold the variant the bad row names, even when its column count is wrong (the owner
			// code may then be read from a shifted cell): holding back one variant too many is
			// reported; importing the named one without this row's barcode would drop it in Spaaza.
			if (!row) grouper.reject(undefined, fields, header.ownerCodeIndex, line);
			return true;
		},
		(problem) => onCsvProblem(problem, progress, variants, report),
		{ wellFormed: fast.wellFormed, lfUntilCr: fast.lfUntilCr },
	);

	checkEndOfFile(progress, kind, report);
	const records = progress.rejected
		? []
		: products
			? products.finish()
			: (variants as VariantGrouper).finish();
	reporter.finish();
	return { records: records as Array<RecordOf<K>>, rejected: progress.rejected };
}

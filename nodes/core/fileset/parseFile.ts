import { SPAAZA_CODES, SpaazaFileSetError, type SpaazaIssue } from '../errors';
import type { ProductRecord, VariantRecord } from '../records/types';
import type { RecordKind } from '../records/fields';
import { readCsv, type ByteSource } from './csv/csvReader';
import { fastPathsOf, type FastPaths } from './fastPaths';
import { planColumns, type ColumnPlan } from './rows/header';
import { collectProducts } from './records/products';
import { createFileReporter } from './reporter';
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

/** Reads, checks and normalises one product or variant list. */
export async function parseFile(
	kind: 'product',
	source: ByteSource,
	where: { fileSet: string; file: string },
	options: FileParseOptions,
	issues: SpaazaIssue[],
): Promise<ParsedFile<ProductRecord>>;
export async function parseFile(
	kind: 'variant',
	source: ByteSource,
	where: { fileSet: string; file: string },
	options: FileParseOptions,
	issues: SpaazaIssue[],
): Promise<ParsedFile<VariantRecord>>;
export async function parseFile(
	kind: RecordKind,
	source: ByteSource,
	where: { fileSet: string; file: string },
	options: FileParseOptions,
	issues: SpaazaIssue[],
): Promise<ParsedFile<ProductRecord | VariantRecord>> {
	const fast = fastPathsOf(options.fastPaths);
	const reporter = createFileReporter(where, issues, options.failOnError);
	const report = reporter.report;
	const products =
		kind === 'product' ? collectProducts(where, options.updateIfExists, report) : undefined;
	const variants =
		kind === 'variant'
			? groupVariantRows(where, options.updateIfExists, report, fast.adjacentVariants)
			: undefined;
	let plan: Array<ColumnPlan | undefined> | undefined;
	let readRow: RowReader | undefined;
	let headerLine = 0;
	let ownerCodeIndex = -1;
	let barcodeIndex = -1;
	// The previous accepted variant row: most rows of a variant repeat it but for the barcode,
	// and need neither reading nor comparing again.
	let previous: string[] | undefined;
	let rows = 0;
	let rejected = false;
	let swallowedFrom: number | undefined;

	await readCsv(
		source,
		(fields, line, lastLine) => {
			if (headerLine === 0) {
				headerLine = line;
				plan = planColumns(kind, fields, line, report, fast.sharedStrings);
				if (plan === undefined) {
					rejected = true;
					return false;
				}
				ownerCodeIndex = (plan as ColumnPlan[]).findIndex((column) => column?.key === 'owner_code');
				barcodeIndex = (plan as ColumnPlan[]).findIndex((column) => column?.key === 'barcodes');
				// The keys the collectors set on each record after reading it, in that order.
				readRow = createRowReader(
					plan,
					products ? ['update_if_exists', '_source'] : ['_source', 'update_if_exists'],
					fast.recordShapes,
				);
				return true;
			}
			rows++;
			const budget = options.rowBudget;
			if (budget && --budget.left < 0) throw tooManyRows(where, line, budget.limit);
			const columns = plan as Array<ColumnPlan | undefined>;
			const read = readRow as RowReader;
			if (products) {
				const row = read(fields, line, report, lastLine);
				if (row) products.add(row, line);
				return true;
			}
			const grouper = variants as ReturnType<typeof groupVariantRows>;
			if (previous !== undefined && repeatsExcept(fields, previous, barcodeIndex)) {
				// Every other cell is one the row above passed with. The barcode goes through the same
				// cell check as in a full read; anything but a barcode (an empty or blank cell, an
				// invalid one) takes the full read, which reports it and withholds the variant.
				const barcode = cellValue(columns[barcodeIndex] as ColumnPlan, fields[barcodeIndex]);
				if (typeof barcode === 'string') {
					grouper.addBarcode(barcode, line);
					return true;
				}
			}
			const row = read(fields, line, report, lastLine);
			previous = row && grouper.add(row, line) && fast.repeatedRows ? fields : undefined;
			// Withhold the variant the bad row names, even when its column count is wrong (the owner
			// code may then be read from a shifted cell): holding back one variant too many is
			// reported; importing the named one without this row's barcode would drop it in Spaaza.
			if (!row) grouper.reject(undefined, fields, ownerCodeIndex, line);
			return true;
		},
		(problem) => {
			if (headerLine !== 0) rows++;
			const column =
				problem.fieldIndex === undefined ? undefined : plan?.[problem.fieldIndex]?.column;
			report({
				severity: 'error',
				code: problem.code,
				message: problem.message,
				line: problem.line,
				...(column ? { column } : {}),
			});
			if (problem.crOnly) {
				rejected = true;
				return false;
			}
			if (headerLine === 0) {
				report({
					severity: 'error',
					code: SPAAZA_CODES.MISSING_COLUMN,
					message:
						'The header row (the first row, with the column names) could not be read, so the file was not imported',
					line: problem.line,
				});
				rejected = true;
				return false;
			}
			if (variants && problem.rest === 'unread') {
				// The unread rows may hold more barcodes of variants read so far: sending those
				// variants without them would delete the barcodes in Spaaza.
				report({
					severity: 'error',
					code: SPAAZA_CODES.INVALID_VALUE,
					message: `No variant of this file was imported: the rows after line ${problem.line} were not read and may belong to the variants before it`,
					line: problem.line,
				});
				rejected = true;
				return false;
			}
			if (variants && problem.swallowedFrom !== undefined) swallowedFrom ??= problem.swallowedFrom;
			// The variant of a bad row is withheld; when the row broke before its owner code, the
			// variant is unknown and so no variant of the file can be trusted to be whole.
			const fields = problem.fields ?? problem.leadingFields;
			if (variants && fields && ownerCodeIndex >= 0 && fields.length > ownerCodeIndex) {
				variants.reject(undefined, fields, ownerCodeIndex, problem.line);
			} else if (variants && problem.swallowedFrom === undefined) swallowedFrom ??= problem.line;
			return true;
		},
		{ wellFormed: fast.wellFormed, lfUntilCr: fast.lfUntilCr },
	);

	if (!rejected && headerLine === 0) {
		rejected = true;
		report({
			severity: 'error',
			code: SPAAZA_CODES.EMPTY_FILE,
			message: 'The file is empty: it has no header row and no rows',
			line: 1,
		});
	}
	if (!rejected && rows === 0) {
		report({
			severity: 'warning',
			code: SPAAZA_CODES.EMPTY_FILE,
			message: 'The file has a header row but no rows, so there is nothing to import from it',
			line: headerLine,
		});
	}
	if (!rejected && variants && swallowedFrom !== undefined) {
		// The swallowed rows may belong to any variant; one imported without them loses barcodes.
		rejected = true;
		report({
			severity: 'error',
			code: SPAAZA_CODES.CSV_SYNTAX,
			message: `No variant of this file was imported: the row(s) starting at line ${swallowedFrom} could not be read (see the error above), so which variant they belong to is unknown. A variant imported without one of its rows would lose that barcode in Spaaza. Fix the row and import again`,
			line: swallowedFrom,
		});
	}
	const records = rejected
		? []
		: products
			? products.finish()
			: (variants as ReturnType<typeof groupVariantRows>).finish();
	reporter.finish();
	return { records, rejected };
}

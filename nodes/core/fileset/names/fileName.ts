export type FileType = 'productlist' | 'variantlist';

export type FileNameCheck =
	| { ok: true; type: FileType; fileSet: string }
	| { ok: false; message: string };

const NAME = /^(productlist|variantlist)_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})\.csv$/;
const EXPECTED =
	'productlist_YYYYMMDD_HHMMSS.csv or variantlist_YYYYMMDD_HHMMSS.csv (e.g. productlist_20251024_100000.csv)';

/** The last path segment: some sources put a folder in the binary's file name. */
export function baseName(name: string): string {
	return name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
}

function realDateTime(parts: number[]): boolean {
	const [year, month, day, hour, minute, second] = parts;
	const date = new Date(Date.UTC(year, month - 1, day));
	return (
		date.getUTCFullYear() === year &&
		date.getUTCMonth() === month - 1 &&
		date.getUTCDate() === day &&
		hour < 24 &&
		minute < 60 &&
		second < 60
	);
}

/**
 * Spaaza file-set names (README "Spaaza file sets"; Spaaza does not publish them, docs/spaaza-api.md §7.1): `productlist|variantlist` + `_YYYYMMDD_HHMMSS.csv` with a
 * real date and time. The timestamp string is the set's identity and, as written, sorts in time
 * order, which is the order the Spaaza importer processes sets in.
 */
export function checkFileName(name: string): FileNameCheck {
	const base = baseName(name);
	const match = NAME.exec(base);
	if (!match) {
		const hint = NAME.test(base.toLowerCase()) ? ' Use lowercase letters in the name.' : '';
		return {
			ok: false,
			message: `"${base}" is not a Spaaza file-set name: expected ${EXPECTED}.${hint}`,
		};
	}
	const parts = match.slice(2).map(Number);
	if (!realDateTime(parts)) {
		const [y, mo, d, h, mi, s] = match.slice(2);
		return {
			ok: false,
			message: `"${base}" has a date and time that does not exist (${y}-${mo}-${d} ${h}:${mi}:${s}); the name must carry the real date and time the file was made`,
		};
	}
	return {
		ok: true,
		type: match[1] as FileType,
		fileSet: `${match[2]}${match[3]}${match[4]}_${match[5]}${match[6]}${match[7]}`,
	};
}

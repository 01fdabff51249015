import { closeSync, openSync, writeSync } from 'node:fs';

/** RFC 4180 quoting, only where needed (as Spaaza's importer reads it). */
export function csvCell(value: unknown): string {
	const text = value === undefined || value === null ? '' : String(value);
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
	return values.map(csvCell).join(',');
}

/**
 * Writes `header` and `rowCount` lines made by `makeLine` (each ending in `\n`) in chunks of about
 * 1 MB, so a million-row list never sits in memory as one string.
 */
export function writeCsvFile(
	file: string,
	header: string,
	rowCount: number,
	makeLine: (index: number) => string,
): void {
	const fd = openSync(file, 'w');
	try {
		let chunk = `${header}\n`;
		for (let i = 0; i < rowCount; i++) {
			chunk += makeLine(i);
			if (chunk.length > 1 << 20) {
				writeSync(fd, chunk);
				chunk = '';
			}
		}
		writeSync(fd, chunk);
	} finally {
		closeSync(fd);
	}
}

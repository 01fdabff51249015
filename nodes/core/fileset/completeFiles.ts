/**
 * Wait for Complete Files: a scheduled poll may see a file that is still being uploaded or synced.
 * A file is held (with every other file of its set, so the set is not cut in half) when
 * - its modified time is younger than the minimum age, or
 * - the size its source listed differs from the bytes that were downloaded, or
 * - its size differs from what the previous poll saw, or
 * - its source gives no modified time and the previous poll did not see it (its size must then be
 *   the same on two polls in a row; only possible where static data is kept).
 * Pure: sizes from the previous poll come in and go out as a plain map.
 */
import { SPAAZA_CODES, type SpaazaIssue } from '../errors';
import { baseName, checkFileName } from './fileName';

/** Files remembered between polls at most: static data is saved with the workflow. */
export const MAX_REMEMBERED_FILES = 1000;

export interface FileFacts {
	name: string;
	/** Bytes received. */
	bytes?: number;
	/** Size the source listed (FTP/SFTP `size`, Google Drive `size`). */
	listedSize?: number;
	/** Milliseconds since the epoch (FTP/SFTP `modifyTime`, Google Drive `modifiedTime`). */
	modifiedAt?: number;
}

export interface CompleteFilesOptions {
	now: number;
	minimumAgeMs: number;
	/** Sizes seen by the previous poll, by file name. */
	previous: Readonly<Record<string, number>>;
	/** Whether this run's sizes are kept for the next poll (not in manual runs). */
	remembered: boolean;
}

export interface CompleteFilesResult<F> {
	ready: F[];
	issues: SpaazaIssue[];
	/** Sizes to remember for the next poll. */
	seen: Record<string, number>;
}

function whyNotReady(file: FileFacts, options: CompleteFilesOptions): string | undefined {
	const name = baseName(file.name);
	if (file.modifiedAt !== undefined && options.now - file.modifiedAt < options.minimumAgeMs) {
		const seconds = Math.max(0, Math.round((options.now - file.modifiedAt) / 1000));
		return `it was modified ${seconds} s ago, less than the minimum age of ${Math.round(options.minimumAgeMs / 1000)} s`;
	}
	if (file.listedSize !== undefined && file.bytes !== undefined && file.listedSize !== file.bytes) {
		return `it was listed with ${file.listedSize} bytes but ${file.bytes} bytes were downloaded`;
	}
	const before = options.previous[name];
	if (file.bytes !== undefined && before !== undefined && before !== file.bytes) {
		return `its size changed from ${before} to ${file.bytes} bytes since the previous run`;
	}
	if (file.modifiedAt === undefined && before === undefined && options.remembered) {
		return 'its source gives no modified time, so its size is checked again on the next run';
	}
	return undefined;
}

export function holdIncompleteFiles<F extends FileFacts>(
	files: readonly F[],
	options: CompleteFilesOptions,
): CompleteFilesResult<F> {
	const issues: SpaazaIssue[] = [];
	const heldSets = new Set<string>();
	const heldFiles = new Set<F>();
	const seen: Record<string, number> = {};
	for (const file of files) {
		const name = baseName(file.name);
		if (file.bytes !== undefined && Object.keys(seen).length < MAX_REMEMBERED_FILES)
			seen[name] = file.bytes;
		const reason = whyNotReady(file, options);
		if (!reason) continue;
		const check = checkFileName(file.name);
		const fileSet = check.ok ? check.fileSet : undefined;
		if (fileSet) heldSets.add(fileSet);
		heldFiles.add(file);
		issues.push({
			severity: 'warning',
			code: SPAAZA_CODES.FILE_NOT_READY,
			message: `${name} may still be uploading: ${reason}. ${fileSet ? `Set ${fileSet} waits` : 'It waits'} for a later run`,
			...(fileSet ? { fileSet } : {}),
			file: name,
		});
	}
	const ready = files.filter((file) => {
		if (heldFiles.has(file)) return false;
		const check = checkFileName(file.name);
		return !(check.ok && heldSets.has(check.fileSet));
	});
	return { ready, issues, seen };
}

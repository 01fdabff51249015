/**
 * Wait for Complete Files: a scheduled poll may see a file that is still being uploaded or synced.
 * A file is held (with every other file of its set, so the set is not cut in half) when
 * - its modified time is younger than the minimum age, or
 * - the size its source listed differs from the bytes that were downloaded, or
 * - its size differs from what the previous poll saw, or
 * - its source gives no modified time and the previous poll did not see it (its size must then be
 *   the same on two polls in a row; only possible where static data is kept).
 * Pure: sizes from the previous poll come in and go out as a plain map.
 *
 * The map is capped (static data is saved with the workflow). At the cap the files held now are
 * remembered first, oldest set first, then the files read now: a held file is remembered on this
 * poll and read on the next, so with more files than the cap every file is still read within a
 * few polls (each file every second poll at worst) instead of some waiting forever.
 */
import { SPAAZA_CODES, type SpaazaIssue } from '../../errors';
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
	for (const file of files) {
		const name = baseName(file.name);
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
	const readyFiles = new Set<F>(ready);
	const { seen, left } = remember(files, (file) => !readyFiles.has(file));
	if (left > 0) {
		issues.push({
			severity: 'warning',
			code: SPAAZA_CODES.FILE_NOT_READY,
			message: `${(MAX_REMEMBERED_FILES + left).toLocaleString('en')} files came in, but only the sizes of ${MAX_REMEMBERED_FILES.toLocaleString('en')} files are remembered between runs. The files that wait now are remembered first (oldest set first) and read on a later run, so every file is read within a few runs; files without a modified time may wait one run more than usual. Move imported files out of the folder to stay below ${MAX_REMEMBERED_FILES.toLocaleString('en')} files`,
			value: String(MAX_REMEMBERED_FILES + left),
		});
	}
	return { ready, issues, seen };
}

/** Sizes to remember, at most MAX_REMEMBERED_FILES: held files first, each group oldest set first. */
function remember<F extends FileFacts>(
	files: readonly F[],
	held: (file: F) => boolean,
): { seen: Record<string, number>; left: number } {
	const key = (file: F) => {
		const check = checkFileName(file.name);
		// Files that belong to no set sort after every set.
		return `${held(file) ? 0 : 1}${check.ok ? check.fileSet : '~'}\u0000${baseName(file.name)}`;
	};
	const order = files
		.filter((file) => file.bytes !== undefined)
		.map((file) => ({ file, key: key(file) }))
		.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	const seen: Record<string, number> = {};
	let kept = 0;
	let left = 0;
	for (const { file } of order) {
		const name = baseName(file.name);
		if (name in seen) continue;
		if (kept >= MAX_REMEMBERED_FILES) left++;
		else {
			seen[name] = file.bytes as number;
			kept++;
		}
	}
	return { seen, left };
}

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from './reply';
import type { StorageRequestRecord } from './types';

interface StoredFile {
	contentType: string;
	body: Buffer;
	fileName: string;
}

function s3Error(status: number, code: string, message: string, extra = ''): Reply {
	return {
		status,
		headers: { 'content-type': 'application/xml' },
		body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>${extra}</Error>`,
	};
}

/**
 * The export bucket: files under unguessable paths, served only with an unexpired HMAC signature,
 * like an S3 pre-signed URL. Every download is recorded with the headers it carried, so tests can
 * prove no Spaaza credential travelled to storage.
 */
export class ExportStorage {
	private files = new Map<string, StoredFile>();
	private records: StorageRequestRecord[] = [];
	private readonly secret = randomBytes(32);

	constructor(
		private readonly now: () => number,
		/** Whether the path ends in the file name (`…/Product_Export-12.csv`) or an opaque key. */
		private readonly namedPaths = true,
	) {}

	put(chainId: number, taskId: number, file: StoredFile): string {
		const key = randomBytes(8).toString('hex');
		const path = `/storage/exports/chain-${chainId}/task-${taskId}/${this.namedPaths ? `${key}/${file.fileName}` : key}`;
		this.files.set(path, file);
		return path;
	}

	/** `?expires=<unix seconds>&signature=<hex HMAC-SHA256>`. */
	presign(baseUrl: string, path: string, ttlSeconds: number): { url: string; expiresAt: number } {
		const expires = Math.floor((this.now() + ttlSeconds * 1000) / 1000);
		const signature = this.sign(path, expires);
		return {
			url: `${baseUrl}${path}?expires=${expires}&signature=${signature}`,
			expiresAt: expires * 1000,
		};
	}

	serve(method: string, path: string, query: URLSearchParams, headers: IncomingHttpHeaders): Reply {
		const reply = this.answer(method, path, query);
		const headerNames = Object.keys(headers).map((name) => name.toLowerCase());
		this.records.push({
			path,
			status: reply.status,
			at: new Date(this.now()).toISOString(),
			authorization: headerNames.includes('authorization'),
			spaazaHeaders: headerNames.filter((name) => name.startsWith('x-spaaza-')),
			headerNames,
		});
		return reply;
	}

	requests(): StorageRequestRecord[] {
		return this.records.map((record) => ({ ...record }));
	}

	reset(): void {
		this.files.clear();
		this.records = [];
	}

	private answer(method: string, path: string, query: URLSearchParams): Reply {
		if (method !== 'GET' && method !== 'HEAD')
			return s3Error(405, 'MethodNotAllowed', 'Only GET is allowed');
		const expires = Number(query.get('expires'));
		const signature = query.get('signature') ?? '';
		if (!query.has('expires') || !signature) {
			return s3Error(
				403,
				'AccessDenied',
				'Query-string authentication requires the expires and signature parameters',
			);
		}
		const expected = Buffer.from(this.sign(path, expires));
		const given = Buffer.from(signature);
		if (
			!Number.isInteger(expires) ||
			expected.length !== given.length ||
			!timingSafeEqual(expected, given)
		) {
			return s3Error(
				403,
				'SignatureDoesNotMatch',
				'The request signature we calculated does not match the signature you provided',
			);
		}
		if (this.now() > expires * 1000) {
			return s3Error(
				403,
				'AccessDenied',
				'Request has expired',
				`<Expires>${new Date(expires * 1000).toISOString()}</Expires><ServerTime>${new Date(this.now()).toISOString()}</ServerTime>`,
			);
		}
		const file = this.files.get(path);
		if (!file) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
		return {
			status: 200,
			headers: {
				'content-type': file.contentType,
				'content-disposition': `attachment; filename="${file.fileName}"`,
				'content-length': String(file.body.length),
			},
			body: method === 'HEAD' ? Buffer.alloc(0) : file.body,
		};
	}

	private sign(path: string, expires: number): string {
		return createHmac('sha256', this.secret).update(`${path}\n${expires}`).digest('hex');
	}
}

import { errorReply, SANDBOX_ERRORS, SpaazaApiError } from './envelope';
import type { Reply } from './reply';
import type { SandboxFaults } from './types';

const gatewayPage = (title: string): Reply => ({
	status: Number(title.slice(0, 3)),
	headers: { 'content-type': 'text/html' },
	body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`,
});

/**
 * What an injected fault answers. 502 and 504 come from a gateway in front of the API, so they are
 * HTML like a load balancer's; 429, 500 and 503 carry Spaaza's JSON error envelope.
 */
export function faultReply(
	kind: '429' | '500' | '502' | '503' | '504',
	faults: SandboxFaults,
	legacy: boolean,
	now: number,
): Reply {
	switch (kind) {
		case '429': {
			const seconds = faults.retryAfterSeconds ?? 1;
			const retryAfter =
				faults.retryAfterFormat === 'http-date'
					? new Date(now + seconds * 1000).toUTCString()
					: String(seconds);
			return errorReply(
				new SpaazaApiError(
					SANDBOX_ERRORS.tooManyRequests,
					'Too many requests: slow down and retry after the Retry-After delay',
				),
				legacy,
				{ 'retry-after': retryAfter },
			);
		}
		case '500':
			return errorReply(
				new SpaazaApiError(
					SANDBOX_ERRORS.internalError,
					'Internal server error (injected by the sandbox)',
				),
				legacy,
			);
		case '503':
			return errorReply(
				new SpaazaApiError(
					SANDBOX_ERRORS.serviceUnavailable,
					'Service temporarily unavailable (injected by the sandbox)',
				),
				legacy,
			);
		case '502':
			return gatewayPage('502 Bad Gateway');
		case '504':
			return gatewayPage('504 Gateway Time-out');
	}
}

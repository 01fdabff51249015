/**
 * How the `spaazaApi` credential is put on a request: the one function both the credential type's
 * `authenticate` (which n8n runs for its own helpers and the credential test) and the transport
 * call, so neither imports the other. Pure: credential values in, request options out.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
} from 'n8n-workflow';
import {
	HEADER_API_VERSION,
	HEADER_SESSION_CHAIN_ID,
	HEADER_SESSION_KEY,
	HEADER_SESSION_USER_ID,
} from './constants';
import { parseSession } from './login';

/**
 * The credential's hidden field that holds `<user id>:<session key>` for "Admin Login"; n8n treats
 * it as expirable (a 401 makes n8n log in again and store a new one).
 */
export const SESSION_TOKEN_FIELD = 'sessionToken';

/** `requestOptions` with the credential's headers; a changed copy, the input is left as it is. */
export function applySpaazaCredential(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	const headers: IDataObject = { ...(requestOptions.headers ?? {}) };
	const apiVersion = String(credentials.apiVersion ?? '').trim();
	if (apiVersion) headers[HEADER_API_VERSION] = apiVersion;
	if (credentials.authentication === 'accessToken') {
		headers.Authorization = `Bearer ${String(credentials.accessTokenId ?? '')}:${String(credentials.accessTokenSecret ?? '')}`;
	} else {
		const session =
			credentials.authentication === 'adminLogin'
				? parseSession(credentials[SESSION_TOKEN_FIELD])
				: {
						userId: String(credentials.userId ?? ''),
						sessionKey: String(credentials.sessionKey ?? ''),
					};
		// Without a session nothing is sent: Spaaza answers 401 and n8n runs preAuthentication.
		if (session) {
			headers[HEADER_SESSION_USER_ID] = session.userId;
			headers[HEADER_SESSION_KEY] = session.sessionKey;
		}
		// A node working on another chain (its Chain ID override) has set the header already.
		headers[HEADER_SESSION_CHAIN_ID] ??= String(credentials.chainId ?? '');
	}
	return { ...requestOptions, headers };
}

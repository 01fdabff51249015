/**
 * Reads the `spaazaApi` credential into what the transport needs: base URLs, the default chain and
 * the auth method. Secrets are not part of the result; n8n applies them in `authenticate`.
 */
import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';
import { SPAAZA_CODES, SpaazaError } from '../../core/errors';
import { DEFAULT_API_VERSION, SPAAZA_CREDENTIAL, SPAAZA_ENVIRONMENTS } from './constants';

export type SpaazaAuthKind = 'accessToken' | 'adminLogin' | 'adminSession';

export interface SpaazaConnection {
	apiBaseUrl: string;
	servicesBaseUrl: string;
	chainId: number;
	authentication: SpaazaAuthKind;
	apiVersion: string;
}

const AUTH_KINDS: readonly SpaazaAuthKind[] = ['accessToken', 'adminLogin', 'adminSession'];

/** A credential that cannot be used as filled in (bad URL, no chain). */
function credentialInvalid(message: string): SpaazaError {
	return new SpaazaError(SPAAZA_CODES.CREDENTIAL_INVALID, message);
}

function baseUrl(value: unknown, label: string): string {
	const text = typeof value === 'string' ? value.trim().replace(/\/+$/, '') : '';
	if (!/^https?:\/\/[^/\s]+/i.test(text)) {
		throw credentialInvalid(
			`The Spaaza credential's ${label} must be an http(s) URL, e.g. http://127.0.0.1:8989`,
		);
	}
	return text;
}

/** Base URLs of the credential's environment, without trailing slashes. */
export function resolveBaseUrls(credentials: ICredentialDataDecryptedObject): {
	apiBaseUrl: string;
	servicesBaseUrl: string;
} {
	const environment = String(credentials.environment ?? 'production');
	if (environment === 'production' || environment === 'staging')
		return { ...SPAAZA_ENVIRONMENTS[environment] };
	return {
		apiBaseUrl: baseUrl(credentials.apiBaseUrl, 'API Base URL'),
		servicesBaseUrl: baseUrl(credentials.servicesBaseUrl, 'Services API Base URL'),
	};
}

/** The whole connection, validated; pure so it is tested without n8n. */
export function resolveConnection(credentials: ICredentialDataDecryptedObject): SpaazaConnection {
	const chainId = Number(credentials.chainId);
	if (!Number.isInteger(chainId) || chainId <= 0) {
		throw credentialInvalid('The Spaaza credential needs a Chain ID (a positive whole number)');
	}
	const authentication = String(credentials.authentication ?? 'accessToken') as SpaazaAuthKind;
	if (!AUTH_KINDS.includes(authentication)) {
		throw credentialInvalid(
			`The Spaaza credential has an unknown authentication "${authentication}"`,
		);
	}
	const apiVersion = String(credentials.apiVersion ?? '').trim() || DEFAULT_API_VERSION;
	return { ...resolveBaseUrls(credentials), chainId, authentication, apiVersion };
}

/**
 * Whether the credential points at a Custom environment (a sandbox or test server): only then may
 * a download URL use http or a loopback/private address.
 */
export async function usesCustomEnvironment(
	ctx: IExecuteFunctions,
	itemIndex = 0,
): Promise<boolean> {
	const credentials = await ctx.getCredentials(SPAAZA_CREDENTIAL, itemIndex);
	return String(credentials.environment ?? 'production') === 'custom';
}

export async function getSpaazaConnection(
	ctx: IExecuteFunctions,
	itemIndex = 0,
): Promise<SpaazaConnection> {
	const credentials = await ctx.getCredentials(SPAAZA_CREDENTIAL, itemIndex);
	let invalid: SpaazaError;
	try {
		return resolveConnection(credentials);
	} catch (error) {
		invalid = error instanceof SpaazaError ? error : credentialInvalid((error as Error).message);
	}
	invalid.facts.itemIndex ??= itemIndex;
	throw invalid;
}

/**
 * The chain a node works on: its Chain ID parameter when that is a positive whole number, the
 * credential's chain when it is left at 0 or empty. The one rule of every node, used for the
 * request body, the `X-Spaaza-Session-Chain-Id` header and the chain named in error advice.
 * Anything else (3.7, -1, text) is refused rather than rounded or ignored: the user would
 * otherwise write to, or export from, a chain they did not name.
 */
export function resolveChain(
	ctx: IExecuteFunctions,
	itemIndex: number,
	connection: SpaazaConnection,
): number {
	const raw = ctx.getNodeParameter('chainId', itemIndex, 0) as unknown;
	if (raw === undefined || raw === null || raw === '' || raw === 0 || raw === '0')
		return connection.chainId;
	const chain = typeof raw === 'number' ? raw : Number(String(raw).trim());
	if (Number.isSafeInteger(chain) && chain > 0) return chain;
	const shown = String(raw).slice(0, 40);
	const error = new SpaazaError(
		SPAAZA_CODES.INVALID_VALUE,
		`Chain ID must be a whole number of 1 or more, not "${shown}"`,
		{
			description: `Set Chain ID to the whole number of a Spaaza chain, or leave it empty to use the chain of the credential (${connection.chainId}).`,
			itemIndex,
		},
	);
	throw error;
}

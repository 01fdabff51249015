/**
 * A minimal IExecuteFunctions whose HTTP helpers are n8n-core's real ones
 * (getRequestHelperFunctions: httpRequest and httpRequestWithAuthentication, including the
 * preAuthentication refresh on 401), with the harness's CredentialsHelper (the one every workflow
 * run uses) in additionalData, holding the "Spaaza API" credential from the source tree.
 *
 * For transport tests that call spaazaRequest and the login directly, item by item, with a cancel
 * signal they control; anything a node does end to end runs through the harness instead.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IExecuteFunctions,
	INodeExecutionData,
	Workflow,
} from 'n8n-workflow';
import { getRequestHelperFunctions } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';

import { SpaazaApi } from '../../credentials/SpaazaApi.credentials';
import { HarnessCredentialsHelper } from '../harness/credentialsHelper';
import { workflowNode } from '../harness/workflowNode';

export interface TestContext {
	ctx: IExecuteFunctions;
	/** The credential as stored now (a login's session included). */
	credentials(): ICredentialDataDecryptedObject;
}

export const testNode = workflowNode('n8n-nodes-spaaza.spaazaTest', 'Spaaza Test', {
	credentials: { spaazaApi: { id: 'cred-1', name: 'Spaaza' } },
});

const spaazaApi: ICredentialType = new SpaazaApi();
const sourceTypes = {
	recognizes: (name: string) => name === spaazaApi.name,
	getByName: (name: string) => {
		if (name !== spaazaApi.name) throw new Error(`Unknown credential type "${name}"`);
		return spaazaApi;
	},
	getParentTypes: () => [],
};

export function createTestContext(
	credentials: ICredentialDataDecryptedObject,
	options: {
		continueOnFail?: boolean;
		input?: INodeExecutionData[];
		cancelSignal?: AbortSignal;
	} = {},
): TestContext {
	const credentialsHelper = new HarnessCredentialsHelper(sourceTypes, {
		[spaazaApi.name]: credentials,
	});
	const stored = () => credentialsHelper.snapshot()[spaazaApi.name];
	const additionalData = { credentialsHelper } as unknown as Parameters<
		typeof getRequestHelperFunctions
	>[2];
	const helpers = getRequestHelperFunctions({} as Workflow, testNode, additionalData);
	const ctx = {
		helpers,
		logger: {
			warn: () => undefined,
			debug: () => undefined,
			info: () => undefined,
			error: () => undefined,
		},
		getNode: () => testNode,
		// Raw stored data, as the node's getCredentials returns it after n8n decrypts it.
		getCredentials: async () => stored(),
		getExecutionCancelSignal: () => options.cancelSignal,
		continueOnFail: () => options.continueOnFail ?? false,
		getInputData: () => options.input ?? [{ json: {} }],
	} as unknown as IExecuteFunctions;
	return { ctx, credentials: stored };
}

/**
 * A context for pre-signed storage downloads, which send no credential: any valid one will do, so
 * a token credential whose secret a test can look for.
 */
export const storageDownloadContext = (): IExecuteFunctions =>
	createTestContext({
		environment: 'custom',
		chainId: 1,
		authentication: 'accessToken',
		accessTokenId: 'id',
		accessTokenSecret: 'tok-SECRET',
	}).ctx;

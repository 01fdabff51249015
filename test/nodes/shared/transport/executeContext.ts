/**
 * A minimal IExecuteFunctions whose HTTP helpers are n8n-core's real ones
 * (getRequestHelperFunctions: httpRequest and httpRequestWithAuthentication, including the
 * preAuthentication refresh on 401), with the stub CredentialsHelper in additionalData.
 */
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	Workflow,
} from 'n8n-workflow';
import { getRequestHelperFunctions } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import { SpaazaApi } from '../../../../credentials/SpaazaApi.credentials';
import { CredentialStore, StubCredentialsHelper } from '../../../credentials/credentialsHelperStub';

export interface TestContext {
	ctx: IExecuteFunctions;
	store: CredentialStore;
}

export const testNode: INode = {
	id: 'node-1',
	name: 'Spaaza Test',
	type: 'n8n-nodes-spaaza.spaazaTest',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	credentials: { spaazaApi: { id: 'cred-1', name: 'Spaaza' } },
};

export function createTestContext(
	credentials: ICredentialDataDecryptedObject,
	options: {
		continueOnFail?: boolean;
		input?: INodeExecutionData[];
		cancelSignal?: AbortSignal;
	} = {},
): TestContext {
	const store = new CredentialStore(credentials);
	const credentialsHelper = new StubCredentialsHelper({ spaazaApi: new SpaazaApi() }, store);
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
		getCredentials: async () => store.read(),
		getExecutionCancelSignal: () => options.cancelSignal,
		continueOnFail: () => options.continueOnFail ?? false,
		getInputData: () => options.input ?? [{ json: {} }],
	} as unknown as IExecuteFunctions;
	return { ctx, store };
}

/**
 * Fail Execution on Rejected Rows, as the shipped Google Drive import runs it: Parse reports the
 * rejected rows, the report branch after its Errors output runs, both Upsert nodes send every valid
 * record, and only then does the execution fail (SPAAZA_ROWS_REJECTED), so the executions list
 * shows it in red. The example's real nodes from Parse on run through n8n's engine against the
 * sandbox, fed the deliberately broken sample set (samples/malformed/README.md).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { sandboxCredentials, useSandbox } from '../../support/sandbox';
import { cleanupHarness, runWorkflow, type WorkflowJson } from '../../harness';
import { PARSE, ROOT, fromParse } from './fromParse';

const MALFORMED = ['productlist_20251025_090000.csv', 'variantlist_20251025_090000.csv'].map(
	(name) => path.join(ROOT, 'samples/malformed', name),
);
const EXAMPLE = JSON.parse(
	readFileSync(path.join(ROOT, 'examples/import-from-google-drive.json'), 'utf8'),
) as WorkflowJson;
const REPORT = 'Email the rejected rows';

const sandbox = useSandbox();
afterAll(async () => await cleanupHarness());

function withOption(on: boolean): WorkflowJson {
	return {
		...EXAMPLE,
		nodes: EXAMPLE.nodes.map((node) =>
			node.type === PARSE
				? { ...node, parameters: { ...node.parameters, failOnRejectedRows: on } }
				: node,
		),
	};
}

it('the example turns the option on and emails the Errors output', () => {
	const parse = EXAMPLE.nodes.find((node) => node.type === PARSE);
	expect(parse?.parameters.failOnRejectedRows).toBe(true);
	const errorsOutput = EXAMPLE.connections[parse!.name].main[2] ?? [];
	expect(errorsOutput.map((target) => target?.node)).toEqual([REPORT]);
	expect(EXAMPLE.nodes.find((node) => node.name === REPORT)?.type).toBe('n8n-nodes-base.emailSend');
});

it('fails the execution after every valid record was sent and the report ran', async () => {
	const { workflow, products, variants } = fromParse(withOption(true), MALFORMED);

	const result = await runWorkflow(workflow, {
		credentials: { spaazaApi: sandboxCredentials(sandbox) },
		timeoutMs: 60_000,
	});

	expect(result.status).toBe('error');
	expect(result.error?.nodeName).toBe(variants);
	expect(result.executionError?.context).toMatchObject({ code: 'SPAAZA_ROWS_REJECTED' });
	expect(result.error?.message).toBe(
		'"Parse Spaaza File Set" rejected rows (10 problems); everything valid was sent',
	);
	expect(result.error?.description).toContain('First: productlist_20251025_090000.csv line 3: ');
	// The report branch ran with every problem, before the failure.
	expect(result.json(REPORT).filter((json) => json.severity === 'error')).toHaveLength(10);
	// Every valid record reached Spaaza: BAD-P01, BAD-P06, BAD-P08 and BAD-V07, BAD-V08.
	const log = sandbox.writeLog();
	expect(Object.keys(log.products).sort()).toEqual(['BAD-P01', 'BAD-P06', 'BAD-P08']);
	expect(Object.keys(log.variants)).toHaveLength(2);
	expect(result.json(products).map((json) => json.status)).toEqual([
		'upserted',
		'upserted',
		'upserted',
	]);
});

it('with the option off, the same run succeeds and the rows are only on the Errors output', async () => {
	const { workflow, variants } = fromParse(withOption(false), MALFORMED);

	const result = await runWorkflow(workflow, {
		credentials: { spaazaApi: sandboxCredentials(sandbox) },
		timeoutMs: 60_000,
	});

	expect(result.error).toBeUndefined();
	expect(result.json(variants).map((json) => json.status)).toEqual(['upserted', 'upserted']);
	expect(result.json(REPORT).filter((json) => json.severity === 'error')).toHaveLength(10);
});

it('with the email dragged below the Upsert nodes, the failure says it did not run and what to move', async () => {
	const moved = withOption(true);
	moved.nodes = moved.nodes.map((node) =>
		node.name === REPORT ? { ...node, position: [node.position[0], 700] } : node,
	);
	const { workflow, variants } = fromParse(moved, MALFORMED);

	const result = await runWorkflow(workflow, {
		credentials: { spaazaApi: sandboxCredentials(sandbox) },
		timeoutMs: 60_000,
	});

	expect(result.executionError?.context).toMatchObject({ code: 'SPAAZA_ROWS_REJECTED' });
	expect(result.executedNodes).not.toContain(REPORT);
	expect(result.error?.description).toContain(
		`"${REPORT}" did not run: drag it above "${variants}" on the canvas so it runs before this check.`,
	);
});

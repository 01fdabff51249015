/**
 * Spaaza Delete Record in a real workflow against the sandbox: per-record results, Dry Run, the
 * product-deletes-its-variants note, Max Deletions, and continue-on-fail for an id Spaaza lacks.
 */
import { cleanupHarness, runWorkflow, workflowFromNodes, type NodeSpec } from '../../harness';
import { sandboxCredentials, useSandbox } from '../../support/sandbox';

const sandbox = useSandbox({
	prepare: (s) =>
		s.load({
			products: ['A', 'B', 'C'].map((owner) => ({ owner_code: owner, name: owner })),
			variants: [
				{ product_owner_code: 'A', owner_code: 'A-1', barcodes: ['1'] },
				{ product_owner_code: 'A', owner_code: 'A-2', barcodes: ['2'] },
				{ product_owner_code: 'B', owner_code: 'B-1', barcodes: ['3'] },
			],
		}),
});
afterAll(async () => await cleanupHarness());

const credentials = { spaazaApi: { id: '1', name: 'Spaaza sandbox' } };

async function runDelete(
	items: unknown[],
	parameters: Record<string, unknown>,
	settings: NodeSpec['settings'] = {},
) {
	return await runWorkflow(
		workflowFromNodes(
			{ type: 'test.manualTrigger' },
			{ type: 'test.items', parameters: { items: JSON.stringify(items) } },
			{
				type: 'n8n-nodes-spaaza.spaazaDeleteRecord',
				name: 'Delete',
				parameters: { recordId: '={{ $json.id }}', ...parameters } as never,
				credentials,
				settings,
			},
		),
		{ credentials: { spaazaApi: sandboxCredentials(sandbox) } },
	);
}

const idOf = (owner: string) => sandbox.catalogue().find((p) => p.owner_code === owner)!.id;

describe('Spaaza Delete Record', () => {
	it('deletes products by Spaaza id, one result per item, and says their variants went too', async () => {
		const result = await runDelete(
			[
				{ id: idOf('A'), owner_code: 'A' },
				{ id: idOf('B'), owner_code: 'B' },
			],
			{ recordType: 'products' },
		);
		expect(result.error).toBeUndefined();
		expect(result.json('Delete')).toEqual([
			expect.objectContaining({
				status: 'deleted',
				id: idOf('C') - 2,
				owner_code: 'A',
				note: expect.stringMatching(/also deletes all its variants/),
				deleted: expect.objectContaining({ owner_code: 'A', deleted: true }),
			}),
			expect.objectContaining({ status: 'deleted', owner_code: 'B' }),
		]);
		expect(result.output('Delete').map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
		]);
		expect(sandbox.catalogue().map((p) => [p.owner_code, p.variants.length])).toEqual([['C', 0]]);
	});

	it('deletes nothing on a dry run', async () => {
		const result = await runDelete([{ id: idOf('A') }], {
			recordType: 'products',
			options: { dryRun: true },
		});
		expect(result.json('Delete')[0]).toMatchObject({ status: 'dry-run', id: idOf('A') });
		expect(sandbox.catalogue()).toHaveLength(3);
		expect(sandbox.stats().requests['DELETE /api/internal/delete-product']).toBeUndefined();
	});

	it('deletes nothing at all when more records arrive than Max Deletions', async () => {
		const result = await runDelete(
			['A', 'B', 'C'].map((owner) => ({ id: idOf(owner) })),
			{ recordType: 'products', maxDeletions: 2 },
		);
		expect(result.error?.message).toBe(
			'3 products to delete, more than Max Deletions (2): nothing was deleted',
		);
		expect(result.error?.description).toMatch(/SPAAZA_TOO_MANY_DELETIONS/);
		expect(sandbox.catalogue()).toHaveLength(3);
	});

	it('reports a variant Spaaza does not have and an id that is not one, and deletes the rest under continue-on-fail', async () => {
		const variant = sandbox.catalogue()[0].variants[0];
		const result = await runDelete(
			[{ id: variant.id }, { id: 999999 }, { id: 'abc' }],
			{ recordType: 'variants' },
			{ onError: 'continueRegularOutput' },
		);
		expect(result.error).toBeUndefined();
		expect(result.json('Delete')).toEqual([
			expect.objectContaining({ status: 'deleted', id: variant.id }),
			expect.objectContaining({
				status: 'failed',
				id: 999999,
				error: expect.objectContaining({ spaazaCode: 68 }),
			}),
			expect.objectContaining({
				status: 'invalid',
				error: expect.objectContaining({ code: 'SPAAZA_INVALID_VALUE' }),
			}),
		]);
		expect(result.json('Delete')[0]).not.toHaveProperty('note');
		expect(sandbox.catalogue()[0].variants).toHaveLength(1);
	});

	it('stops naming the records it could not delete without continue-on-fail', async () => {
		const result = await runDelete([{ id: 999999 }], { recordType: 'variants' });
		expect(result.error?.message).toMatch(/^1 of 1 variants could not be deleted/);
	});
});

import type { INodeType } from 'n8n-workflow';

import { SpaazaBuildFileSet } from '../../nodes/SpaazaBuildFileSet/SpaazaBuildFileSet.node';
import { SpaazaCompareCatalogue } from '../../nodes/SpaazaCompareCatalogue/SpaazaCompareCatalogue.node';
import { SpaazaCreateExportTask } from '../../nodes/SpaazaCreateExportTask/SpaazaCreateExportTask.node';
import { SpaazaDeleteRecord } from '../../nodes/SpaazaDeleteRecord/SpaazaDeleteRecord.node';
import { SpaazaGetDownloadUrl } from '../../nodes/SpaazaGetDownloadUrl/SpaazaGetDownloadUrl.node';
import { SpaazaParseFileSet } from '../../nodes/SpaazaParseFileSet/SpaazaParseFileSet.node';
import { SpaazaUpsertProduct } from '../../nodes/SpaazaUpsertProduct/SpaazaUpsertProduct.node';
import { SpaazaUpsertVariant } from '../../nodes/SpaazaUpsertVariant/SpaazaUpsertVariant.node';
import { SpaazaWaitForTask } from '../../nodes/SpaazaWaitForTask/SpaazaWaitForTask.node';

/** One instance of every node the package ships (package.json's n8n.nodes), from source. */
export function packageNodes(): INodeType[] {
	return [
		new SpaazaParseFileSet(),
		new SpaazaUpsertProduct(),
		new SpaazaUpsertVariant(),
		new SpaazaCreateExportTask(),
		new SpaazaWaitForTask(),
		new SpaazaGetDownloadUrl(),
		new SpaazaBuildFileSet(),
		new SpaazaCompareCatalogue(),
		new SpaazaDeleteRecord(),
	];
}

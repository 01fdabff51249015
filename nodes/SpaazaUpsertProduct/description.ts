import type { INodeProperties } from 'n8n-workflow';

import { PRODUCT_UPSERT, upsertProperties } from '../spaaza/upsert';

export const properties: INodeProperties[] = upsertProperties(PRODUCT_UPSERT);

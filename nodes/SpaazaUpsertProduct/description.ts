import type { INodeProperties } from 'n8n-workflow';

import { PRODUCT_UPSERT, upsertProperties } from '../shared/upsert';

export const properties: INodeProperties[] = upsertProperties(PRODUCT_UPSERT);

-- A tenant's share of a region's window limit (decision 0027) counts that tenant's sends to the region.
CREATE INDEX code_send_by_tenant_region ON code_send (tenant_id, region_code, sent_at);

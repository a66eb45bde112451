-- The dispatcher claims due deliveries endpoint by endpoint (each up to its free slots), so an
-- endpoint with a large backlog it cannot take (hanging, at its concurrency limit) never hides
-- another endpoint's due deliveries.
CREATE INDEX idx_webhook_deliveries_due_per_webhook ON webhook_deliveries (webhook_id, next_attempt_at)
    WHERE status = 'pending';

-- The date poll's guest link token is kept only as its SHA-256 (hex), like session and reset
-- tokens. Links already sent keep working: existing tokens are hashed in place here.
-- SQLite has no sha256(): `sitovka_sha256_hex` is registered on the connection by
-- migrateDatabase (db/client.ts) before migrations run, and computes what hashToken does.
ALTER TABLE `meetings` RENAME COLUMN "poll_token" TO "poll_token_hash";--> statement-breakpoint
UPDATE `meetings` SET `poll_token_hash` = sitovka_sha256_hex(`poll_token_hash`) WHERE `poll_token_hash` IS NOT NULL;--> statement-breakpoint
DROP INDEX `meetings_poll_token_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `meetings_poll_token_hash_unique` ON `meetings` (`poll_token_hash`);--> statement-breakpoint
-- A guest's cookie now identifies a browser, which may answer under a few names.
DROP INDEX `poll_respondents_guest_token_hash_unique`;--> statement-breakpoint
CREATE INDEX `poll_respondents_guest_idx` ON `poll_respondents` (`meeting_id`,`guest_token_hash`);

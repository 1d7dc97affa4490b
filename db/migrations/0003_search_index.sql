-- Full-text search over meetings, agenda items, minutes and decisions (SQLite FTS5).
-- remove_diacritics 2 makes "usneseni" find "usnesení"; unicode61 folds case.
-- Rows are kept up to date by the app (app/search); access is checked when querying.
CREATE VIRTUAL TABLE `search_index` USING fts5(
	`kind` UNINDEXED,
	`ref_id` UNINDEXED,
	`meeting_id` UNINDEXED,
	`title`,
	`body`,
	tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE `meetings` (
	`id` text PRIMARY KEY NOT NULL,
	`group_id` text NOT NULL,
	`title` text NOT NULL,
	`starts_at` integer NOT NULL,
	`place` text,
	`created_by_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `meetings_group_idx` ON `meetings` (`group_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `yjs_snapshots` (
	`doc_name` text PRIMARY KEY NOT NULL,
	`state` blob NOT NULL,
	`through_update_id` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `yjs_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`doc_name` text NOT NULL,
	`update` blob NOT NULL,
	`user_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `yjs_updates_doc_idx` ON `yjs_updates` (`doc_name`,`id`);--> statement-breakpoint
CREATE TABLE `yjs_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`doc_name` text NOT NULL,
	`name` text,
	`kind` text NOT NULL,
	`state` blob NOT NULL,
	`created_by_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `yjs_versions_doc_idx` ON `yjs_versions` (`doc_name`,`created_at`);
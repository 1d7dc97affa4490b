CREATE TABLE `calendar_tokens` (
	`user_id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_tokens_token_hash_unique` ON `calendar_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `meeting_participants` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`user_id` text,
	`guest_name` text,
	`guest_organisation` text,
	`email` text,
	`organisation_id` text,
	`rsvp` text,
	`attendance` text,
	`invited_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `meeting_participants_meeting_idx` ON `meeting_participants` (`meeting_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_participants_user_idx` ON `meeting_participants` (`meeting_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `meeting_series` (
	`id` text PRIMARY KEY NOT NULL,
	`group_id` text NOT NULL,
	`title` text NOT NULL,
	`kind` text DEFAULT 'working_group' NOT NULL,
	`rrule` text NOT NULL,
	`starts_at` integer NOT NULL,
	`duration_minutes` integer NOT NULL,
	`place` text,
	`online_url` text,
	`agenda_template` text,
	`created_by_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `minutes_approvals` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`version_id` text NOT NULL,
	`note` text,
	`approved_by_id` text,
	`approved_at` integer NOT NULL,
	`published_at` integer,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `yjs_versions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`approved_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `minutes_approvals_meeting_idx` ON `minutes_approvals` (`meeting_id`,`approved_at`);--> statement-breakpoint
CREATE TABLE `poll_answers` (
	`respondent_id` text NOT NULL,
	`slot_id` text NOT NULL,
	`answer` text NOT NULL,
	PRIMARY KEY(`respondent_id`, `slot_id`),
	FOREIGN KEY (`respondent_id`) REFERENCES `poll_respondents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`slot_id`) REFERENCES `poll_slots`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `poll_respondents` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`user_id` text,
	`guest_name` text,
	`guest_token_hash` text,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `poll_respondents_guest_token_hash_unique` ON `poll_respondents` (`guest_token_hash`);--> statement-breakpoint
CREATE INDEX `poll_respondents_meeting_idx` ON `poll_respondents` (`meeting_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `poll_respondents_user_idx` ON `poll_respondents` (`meeting_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `poll_slots` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `poll_slots_meeting_idx` ON `poll_slots` (`meeting_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `agenda_items` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`presenter` text,
	`planned_minutes` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`link_ref` text,
	`carried_from_id` text,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `agenda_items_meeting_idx` ON `agenda_items` (`meeting_id`,`position`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`agenda_item_id` text,
	`number` text,
	`text` text NOT NULL,
	`votes_for` integer,
	`votes_against` integer,
	`votes_abstain` integer,
	`rule` text,
	`present_count` integer,
	`outcome` text,
	`created_by_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `decisions_meeting_idx` ON `decisions` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`group_id` text NOT NULL,
	`meeting_id` text,
	`agenda_item_id` text,
	`title` text NOT NULL,
	`description` text,
	`owner_user_id` text,
	`owner_organisation_id` text,
	`due_date` text,
	`status` text DEFAULT 'open' NOT NULL,
	`link_ref` text,
	`created_by_id` text,
	`created_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`owner_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `tasks_owner_idx` ON `tasks` (`owner_user_id`,`status`);--> statement-breakpoint
CREATE INDEX `tasks_group_idx` ON `tasks` (`group_id`,`status`);--> statement-breakpoint
CREATE INDEX `tasks_meeting_idx` ON `tasks` (`meeting_id`);--> statement-breakpoint
ALTER TABLE `meetings` ADD `kind` text DEFAULT 'working_group' NOT NULL;--> statement-breakpoint
ALTER TABLE `meetings` ADD `description` text;--> statement-breakpoint
ALTER TABLE `meetings` ADD `ends_at` integer;--> statement-breakpoint
ALTER TABLE `meetings` ADD `online_url` text;--> statement-breakpoint
ALTER TABLE `meetings` ADD `visibility` text DEFAULT 'members' NOT NULL;--> statement-breakpoint
ALTER TABLE `meetings` ADD `state` text DEFAULT 'confirmed' NOT NULL;--> statement-breakpoint
ALTER TABLE `meetings` ADD `sequence` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `meetings` ADD `series_id` text REFERENCES meeting_series(id);--> statement-breakpoint
ALTER TABLE `meetings` ADD `occurrence_starts_at` integer;--> statement-breakpoint
ALTER TABLE `meetings` ADD `minutes_state` text DEFAULT 'draft' NOT NULL;--> statement-breakpoint
ALTER TABLE `meetings` ADD `comments_until` integer;--> statement-breakpoint
ALTER TABLE `meetings` ADD `poll_token` text;--> statement-breakpoint
ALTER TABLE `meetings` ADD `poll_closed_at` integer;--> statement-breakpoint
ALTER TABLE `meetings` ADD `reminder_sent_at` integer;--> statement-breakpoint
ALTER TABLE `meetings` ADD `updated_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `meetings_poll_token_unique` ON `meetings` (`poll_token`);--> statement-breakpoint
CREATE UNIQUE INDEX `meetings_series_occurrence_idx` ON `meetings` (`series_id`,`occurrence_starts_at`);
CREATE TABLE `login_throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `password_resets` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `password_resets_token_hash_unique` ON `password_resets` (`token_hash`);--> statement-breakpoint
CREATE INDEX `password_resets_user_idx` ON `password_resets` (`user_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`secret_hash` blob NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`last_used_at` integer NOT NULL,
	`user_agent` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`is_admin` integer DEFAULT false NOT NULL,
	`locale` text DEFAULT 'cs' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `group_members` (
	`group_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`group_id`, `user_id`),
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `group_members_user_idx` ON `group_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `groups` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`orp_kod` text,
	`kraj_kod` text,
	`description` text,
	`created_by_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`orp_kod`) REFERENCES `territory_orp`(`kod`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kraj_kod`) REFERENCES `territory_kraje`(`kod`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `groups_orp_idx` ON `groups` (`orp_kod`);--> statement-breakpoint
CREATE INDEX `groups_kraj_idx` ON `groups` (`kraj_kod`);--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`token_hash` text NOT NULL,
	`invited_by_id` text,
	`organisation_id` text,
	`group_id` text,
	`group_role` text,
	`is_admin` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`invited_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_hash_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invitations_email_idx` ON `invitations` (`email`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`to` text NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`html` text,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `outbox_created_idx` ON `outbox` (`created_at`);--> statement-breakpoint
CREATE TABLE `organisation_members` (
	`organisation_id` text NOT NULL,
	`user_id` text NOT NULL,
	`position` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`organisation_id`, `user_id`),
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `organisation_members_user_idx` ON `organisation_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`ico` text,
	`address` text,
	`contact_email` text,
	`contact_phone` text,
	`website` text,
	`description` text,
	`orp_kod` text,
	`kraj_kod` text,
	`obec_kod` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`orp_kod`) REFERENCES `territory_orp`(`kod`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kraj_kod`) REFERENCES `territory_kraje`(`kod`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`obec_kod`) REFERENCES `territory_obce`(`kod`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_ico_unique` ON `organisations` (`ico`);--> statement-breakpoint
CREATE INDEX `organisations_orp_idx` ON `organisations` (`orp_kod`);--> statement-breakpoint
CREATE TABLE `territory_kraje` (
	`kod` text PRIMARY KEY NOT NULL,
	`nuts3` text NOT NULL,
	`nazev` text NOT NULL,
	`vusc_kod` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `territory_obce` (
	`kod` text PRIMARY KEY NOT NULL,
	`nazev` text NOT NULL,
	`nazev_norm` text NOT NULL,
	`orp_kod` text NOT NULL,
	`pou_kod` text,
	`okres_kod` text NOT NULL,
	`okres_nazev` text NOT NULL,
	`kraj_kod` text NOT NULL,
	`typ` text NOT NULL,
	FOREIGN KEY (`orp_kod`) REFERENCES `territory_orp`(`kod`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kraj_kod`) REFERENCES `territory_kraje`(`kod`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `territory_obce_orp_idx` ON `territory_obce` (`orp_kod`);--> statement-breakpoint
CREATE INDEX `territory_obce_norm_idx` ON `territory_obce` (`nazev_norm`);--> statement-breakpoint
CREATE TABLE `territory_orp` (
	`kod` text PRIMARY KEY NOT NULL,
	`nazev` text NOT NULL,
	`nazev_norm` text NOT NULL,
	`kraj_kod` text NOT NULL,
	`ruian_kod` text NOT NULL,
	`sidlo_obec_kod` text NOT NULL,
	FOREIGN KEY (`kraj_kod`) REFERENCES `territory_kraje`(`kod`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `territory_orp_kraj_idx` ON `territory_orp` (`kraj_kod`);--> statement-breakpoint
CREATE TABLE `reference_data` (
	`name` text PRIMARY KEY NOT NULL,
	`checksum` text NOT NULL
);

import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { users } from './auth.ts'
import { createdAt, id, timestamp } from './columns.ts'
import { groups } from './groups.ts'
import { organisations } from './organisations.ts'
import { yjsVersions } from './realtime.ts'

export const MEETING_KINDS = [
	'working_group',
	'focus_group',
	'regional_coalition',
	'world_cafe',
	'case_conference',
	'other',
] as const
export type MeetingKind = (typeof MEETING_KINDS)[number]

/** public: minutes publishable on a public page; members: the group; confidential: invitees only. */
export const MEETING_VISIBILITIES = ['public', 'members', 'confidential'] as const
export type MeetingVisibility = (typeof MEETING_VISIBILITIES)[number]

/** draft → scheduling (date poll) → confirmed → held → minutes_approved; or cancelled. */
export const MEETING_STATES = [
	'draft',
	'scheduling',
	'confirmed',
	'held',
	'minutes_approved',
	'cancelled',
] as const
export type MeetingState = (typeof MEETING_STATES)[number]

/** The minutes: draft → comments (until a deadline) → approved (frozen) → published (public meetings). */
export const MINUTES_STATES = ['draft', 'comments', 'approved', 'published'] as const
export type MinutesState = (typeof MINUTES_STATES)[number]

/** A recurring series (RRULE, e.g. three times a year) whose occurrences are meetings. */
export const meetingSeries = sqliteTable('meeting_series', {
	id: id(),
	groupId: text('group_id')
		.notNull()
		.references(() => groups.id, { onDelete: 'cascade' }),
	title: text('title').notNull(),
	kind: text('kind', { enum: MEETING_KINDS }).notNull().default('working_group'),
	/** RFC 5545 RRULE without the DTSTART line, e.g. `FREQ=YEARLY;BYMONTH=5,9,11;BYDAY=2WE`. */
	rrule: text('rrule').notNull(),
	/** First occurrence (UTC); occurrences keep its Europe/Prague wall-clock time. */
	startsAt: timestamp('starts_at').notNull(),
	durationMinutes: integer('duration_minutes').notNull(),
	place: text('place'),
	onlineUrl: text('online_url'),
	/** JSON array of agenda items `{ title, description?, plannedMinutes? }` for new occurrences. */
	agendaTemplate: text('agenda_template'),
	createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
	createdAt: createdAt(),
})

/** A meeting of a group. Times are UTC; shown in Europe/Prague. */
export const meetings = sqliteTable(
	'meetings',
	{
		id: id(),
		groupId: text('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		kind: text('kind', { enum: MEETING_KINDS }).notNull().default('working_group'),
		description: text('description'),
		startsAt: timestamp('starts_at').notNull(),
		/** Null for meetings created before end times existed: treated as start + 2 h. */
		endsAt: timestamp('ends_at'),
		place: text('place'),
		onlineUrl: text('online_url'),
		visibility: text('visibility', { enum: MEETING_VISIBILITIES }).notNull().default('members'),
		state: text('state', { enum: MEETING_STATES }).notNull().default('confirmed'),
		/** iCalendar SEQUENCE: raised on every change sent to invitees. */
		sequence: integer('sequence').notNull().default(0),
		seriesId: text('series_id').references(() => meetingSeries.id, { onDelete: 'set null' }),
		/** The occurrence of the series this meeting stands for (UTC start before any move). */
		occurrenceStartsAt: timestamp('occurrence_starts_at'),
		minutesState: text('minutes_state', { enum: MINUTES_STATES }).notNull().default('draft'),
		commentsUntil: timestamp('comments_until'),
		/**
		 * SHA-256 (hex) of the date poll's guest link token (`/poll/<token>`, no account needed).
		 * The token itself is never stored: the convenor sees the link when it is made (app/polls).
		 */
		pollTokenHash: text('poll_token_hash').unique(),
		pollClosedAt: timestamp('poll_closed_at'),
		reminderSentAt: timestamp('reminder_sent_at'),
		createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at'),
	},
	(table) => [
		index('meetings_group_idx').on(table.groupId, table.startsAt),
		uniqueIndex('meetings_series_occurrence_idx').on(table.seriesId, table.occurrenceStartsAt),
	],
)

export const RSVP_ANSWERS = ['accepted', 'maybe', 'declined'] as const
export const ATTENDANCE = ['present', 'excused', 'absent'] as const

/** Invited people (members or external guests), their RSVP and whether they came. */
export const meetingParticipants = sqliteTable(
	'meeting_participants',
	{
		id: id(),
		meetingId: text('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
		/** External guests have a name (and maybe an organisation and e-mail) but no account. */
		guestName: text('guest_name'),
		guestOrganisation: text('guest_organisation'),
		email: text('email'),
		organisationId: text('organisation_id').references(() => organisations.id, {
			onDelete: 'set null',
		}),
		rsvp: text('rsvp', { enum: RSVP_ANSWERS }),
		attendance: text('attendance', { enum: ATTENDANCE }),
		invitedAt: timestamp('invited_at'),
		createdAt: createdAt(),
	},
	(table) => [
		index('meeting_participants_meeting_idx').on(table.meetingId),
		uniqueIndex('meeting_participants_user_idx').on(table.meetingId, table.userId),
	],
)

/** Date poll: the slots a convenor offers. */
export const pollSlots = sqliteTable(
	'poll_slots',
	{
		id: id(),
		meetingId: text('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		startsAt: timestamp('starts_at').notNull(),
		endsAt: timestamp('ends_at').notNull(),
	},
	(table) => [index('poll_slots_meeting_idx').on(table.meetingId, table.startsAt)],
)

/** Someone answering the poll: a member (userId) or a guest by name with an edit token. */
export const pollRespondents = sqliteTable(
	'poll_respondents',
	{
		id: id(),
		meetingId: text('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
		guestName: text('guest_name'),
		/**
		 * SHA-256 of the guest's browser id (random, in an httpOnly cookie for this poll). One
		 * browser answering again under the same name changes its answer; a few names per browser.
		 */
		guestTokenHash: text('guest_token_hash'),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at'),
	},
	(table) => [
		index('poll_respondents_meeting_idx').on(table.meetingId),
		index('poll_respondents_guest_idx').on(table.meetingId, table.guestTokenHash),
		uniqueIndex('poll_respondents_user_idx').on(table.meetingId, table.userId),
	],
)

export const POLL_ANSWERS = ['yes', 'maybe', 'no'] as const

export const pollAnswers = sqliteTable(
	'poll_answers',
	{
		respondentId: text('respondent_id')
			.notNull()
			.references(() => pollRespondents.id, { onDelete: 'cascade' }),
		slotId: text('slot_id')
			.notNull()
			.references(() => pollSlots.id, { onDelete: 'cascade' }),
		answer: text('answer', { enum: POLL_ANSWERS }).notNull(),
	},
	(table) => [primaryKey({ columns: [table.respondentId, table.slotId] })],
)

/** Approved versions of the minutes; a correction is a new approval with a note. */
export const minutesApprovals = sqliteTable(
	'minutes_approvals',
	{
		id: id(),
		meetingId: text('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		versionId: text('version_id')
			.notNull()
			.references(() => yjsVersions.id, { onDelete: 'restrict' }),
		note: text('note'),
		approvedById: text('approved_by_id').references(() => users.id, { onDelete: 'set null' }),
		approvedAt: timestamp('approved_at').notNull(),
		publishedAt: timestamp('published_at'),
	},
	(table) => [index('minutes_approvals_meeting_idx').on(table.meetingId, table.approvedAt)],
)

/** Private calendar subscription (`/calendar/<token>.ics`); only the token's hash is stored. */
export const calendarTokens = sqliteTable('calendar_tokens', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	tokenHash: text('token_hash').notNull().unique(),
	createdAt: createdAt(),
})

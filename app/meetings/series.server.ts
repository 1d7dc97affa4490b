import { and, asc, desc, eq, isNotNull } from 'drizzle-orm'
import { appendItems } from '#app/agenda/agenda-doc.ts'
import { changeAgenda } from '#app/agenda/agenda-live.server.ts'
import type { Actor } from '#app/groups/groups.server.ts'
import { indexMeeting } from '#app/search/search-index.server.ts'
import { requireFound } from '#app/utils/errors.ts'
import { getDb } from '#db/client.ts'
import { meetings, meetingSeries } from '#db/schema.ts'
import { meetingVisibleTo } from './meeting-access.server.ts'
import { formatRRule, occurrencesUntil, parseRRule } from './recurrence.ts'
import { horizonAfter, type SeriesInput, type TemplateItem } from './series.schema.ts'

/**
 * Recurring series. A series stores its rule and first meeting; its occurrences are ordinary
 * meetings (state `confirmed`, no invitations sent until the convenor sends them) created ahead
 * of time for 12 months ("materialised"). Each meeting remembers which occurrence it stands for
 * (`occurrenceStartsAt`), and the unique index (seriesId, occurrenceStartsAt) makes creating
 * them idempotent: a moved meeting keeps its occurrence and a cancelled one stays (cancelled),
 * so neither is created again.
 */

export function getSeries(seriesId: string) {
	return getDb().select().from(meetingSeries).where(eq(meetingSeries.id, seriesId)).get() ?? null
}

export type SeriesRow = NonNullable<ReturnType<typeof getSeries>>

function templateOf(series: SeriesRow): TemplateItem[] {
	if (!series.agendaTemplate) return []
	try {
		const parsed: unknown = JSON.parse(series.agendaTemplate)
		if (!Array.isArray(parsed)) return []
		return parsed.flatMap((item: unknown) => {
			if (!item || typeof item !== 'object') return []
			const { title, plannedMinutes, description } = item as Record<string, unknown>
			if (typeof title !== 'string' || !title) return []
			return [
				{
					title,
					...(typeof plannedMinutes === 'number' ? { plannedMinutes } : {}),
					...(typeof description === 'string' && description ? { description } : {}),
				},
			]
		})
	} catch {
		return []
	}
}

/** The agenda template of a series, as stored. */
export function seriesAgendaTemplate(series: SeriesRow) {
	return templateOf(series)
}

/**
 * Creates the meetings of the series starting from `from` up to `to` (exclusive) that do not
 * exist yet, then puts the agenda template into each new meeting's live agenda. Returns the new
 * meetings' ids. Occurrences already created (also moved or cancelled ones) are left alone.
 */
export async function materialiseSeries(
	seriesId: string,
	{ from, to, userId }: { from: Date; to: Date; userId: string | null },
) {
	const series = requireFound(getSeries(seriesId))
	const rule = parseRRule(series.rrule)
	const occurrences = occurrencesUntil(rule, series.startsAt, to, { from })
	const durationMs = series.durationMinutes * 60_000
	const db = getDb()
	const created = db.transaction((tx) =>
		occurrences.flatMap((startsAt) =>
			tx
				.insert(meetings)
				.values({
					groupId: series.groupId,
					title: series.title,
					kind: series.kind,
					startsAt,
					endsAt: new Date(startsAt.getTime() + durationMs),
					place: series.place,
					onlineUrl: series.onlineUrl,
					state: 'confirmed',
					seriesId: series.id,
					occurrenceStartsAt: startsAt,
					createdById: userId,
				})
				.onConflictDoNothing({ target: [meetings.seriesId, meetings.occurrenceStartsAt] })
				.returning({ id: meetings.id })
				.all()
				.map((row) => row.id),
		),
	)
	const template = templateOf(series)
	for (const meetingId of created) {
		indexMeeting(meetingId)
		if (template.length) {
			await changeAgenda(
				meetingId,
				(doc) =>
					appendItems(
						doc,
						template.map((item) => ({
							title: item.title,
							description: item.description ?? '',
							plannedMinutes: item.plannedMinutes ?? null,
						})),
					),
				userId,
			)
		}
	}
	return created
}

/** Saves a new series and creates its meetings for the first 12 months. */
export async function createSeries(groupId: string, input: SeriesInput, userId: string) {
	const series = getDb()
		.insert(meetingSeries)
		.values({
			groupId,
			title: input.title,
			kind: input.kind,
			rrule: formatRRule(input.rule),
			startsAt: input.startsAt,
			durationMinutes: input.durationMinutes,
			place: input.place ?? null,
			onlineUrl: input.onlineUrl ?? null,
			agendaTemplate: input.agendaTemplate.length ? JSON.stringify(input.agendaTemplate) : null,
			createdById: userId,
		})
		.returning({ id: meetingSeries.id })
		.get()
	const created = await materialiseSeries(series.id, {
		from: input.startsAt,
		to: horizonAfter(input.startsAt),
		userId,
	})
	return { id: series.id, created: created.length }
}

/**
 * "Prodloužit řadu": creates the occurrences of the 12 months after the latest one created (or
 * after now, if that is later). Occurrences in the past are never created. Safe to repeat.
 */
export async function extendSeries(seriesId: string, userId: string | null, now = new Date()) {
	const latest = getDb()
		.select({ occurrenceStartsAt: meetings.occurrenceStartsAt })
		.from(meetings)
		.where(and(eq(meetings.seriesId, seriesId), isNotNull(meetings.occurrenceStartsAt)))
		.orderBy(desc(meetings.occurrenceStartsAt))
		.limit(1)
		.get()?.occurrenceStartsAt
	const base = latest && latest.getTime() > now.getTime() ? latest : now
	// Up to and including the same day a year after the latest one.
	const to = new Date(horizonAfter(base).getTime() + 1)
	const created = await materialiseSeries(seriesId, { from: now, to, userId })
	return { created: created.length }
}

/**
 * The series' meetings that `user` may open (the meeting access rule: a moved occurrence may
 * have become confidential), also moved and cancelled ones, in the order of their occurrences.
 */
export function listSeriesMeetings(seriesId: string, user: Actor) {
	return getDb()
		.select({
			id: meetings.id,
			title: meetings.title,
			startsAt: meetings.startsAt,
			endsAt: meetings.endsAt,
			occurrenceStartsAt: meetings.occurrenceStartsAt,
			state: meetings.state,
			place: meetings.place,
		})
		.from(meetings)
		.where(and(eq(meetings.seriesId, seriesId), meetingVisibleTo(user)))
		.orderBy(asc(meetings.occurrenceStartsAt), asc(meetings.startsAt))
		.all()
}

/** A group's series for the group page. */
export function listSeriesForGroup(groupId: string) {
	return getDb()
		.select({
			id: meetingSeries.id,
			title: meetingSeries.title,
			rrule: meetingSeries.rrule,
			startsAt: meetingSeries.startsAt,
		})
		.from(meetingSeries)
		.where(eq(meetingSeries.groupId, groupId))
		.orderBy(asc(meetingSeries.title))
		.all()
}

/** The series a meeting belongs to (id and title), or null. */
export function seriesOfMeeting(meetingId: string) {
	return (
		getDb()
			.select({ id: meetingSeries.id, title: meetingSeries.title })
			.from(meetings)
			.innerJoin(meetingSeries, eq(meetingSeries.id, meetings.seriesId))
			.where(eq(meetings.id, meetingId))
			.get() ?? null
	)
}

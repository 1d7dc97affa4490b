import { formatDateTime } from '#app/i18n/format.ts'
import { createTranslator, type Locale } from '#app/i18n/i18n.ts'
import type { Block, Inline, Marks, MinutesSection } from './minutes-model.ts'

export type AttendanceStatus = 'present' | 'excused' | 'absent'

/** One person on the attendance list (the meetings issue adds the data; the export is ready). */
export type AttendanceEntry = {
	name: string
	organisation?: string | null
	status: AttendanceStatus
}

/** A decision (usnesení) of the meeting, with its vote when there was one. */
export type ExportDecision = {
	number: string | null
	text: string
	votesFor: number | null
	votesAgainst: number | null
	votesAbstain: number | null
	rule: 'majority_of_present' | 'majority_of_votes' | null
	outcome: 'adopted' | 'rejected' | null
}

/** Everything an export is made from. */
export type MinutesExportSource = {
	meeting: { title: string; groupName: string; startsAt: Date | number; place: string | null }
	sections: MinutesSection[]
	/** Null or empty when nobody's attendance was recorded. */
	attendance?: AttendanceEntry[] | null
	/** The meeting's decisions in order; they follow the minutes. */
	decisions?: ExportDecision[] | null
	/** When the exported text is an approved version: the time it was approved. */
	approvedAt?: Date | number | null
}

export type MinutesExportOptions = {
	/** Put the attendance list (when there is one) before the minutes. */
	includeAttendance: boolean
	/** Leave out the sections marked confidential. */
	omitConfidential: boolean
}

export const DEFAULT_EXPORT_OPTIONS: MinutesExportOptions = {
	includeAttendance: false,
	omitConfidential: false,
}

/** What every renderer gets: the words are final, only the layout is left to do. */
export type MinutesExport = {
	/** "Zápis: <meeting title>", the document's heading and metadata title. */
	title: string
	/** "Skupina: … · Začátek: … · Místo: …", in Europe/Prague time. */
	details: string
	/** The group that keeps the minutes (document author). */
	author: string
	/** The minutes are written in Czech whatever the reader's interface language. */
	language: 'cs-CZ'
	/** Footer text with `{page}` and `{pages}`. */
	pageLabel: string
	blocks: Block[]
}

const text = (value: string, marks: Marks = {}): Inline => ({ type: 'text', text: value, marks })

const STATUSES: AttendanceStatus[] = ['present', 'excused', 'absent']

function attendanceBlocks(entries: AttendanceEntry[], t: ReturnType<typeof createTranslator>) {
	const result: Block[] = []
	for (const status of STATUSES) {
		const people = entries
			.filter((entry) => entry.status === status)
			.map((entry) => (entry.organisation ? `${entry.name} (${entry.organisation})` : entry.name))
		if (!people.length) continue
		result.push({
			type: 'paragraph',
			content: [
				text(`${t(`minutes.export.attendance.${status}`)}:`, { bold: true }),
				text(` ${people.join(', ')}`),
			],
		})
	}
	return result
}

function decisionBlocks(decisions: ExportDecision[], t: ReturnType<typeof createTranslator>) {
	const result: Block[] = [
		{ type: 'heading', level: 1, content: [text(t('minutes.export.decisions'))] },
	]
	for (const decision of decisions) {
		const label = decision.number
			? t('minutes.export.decision', { number: decision.number })
			: t('minutes.export.decision.unnumbered')
		result.push({
			type: 'paragraph',
			content: [text(label, { bold: true }), text(` ${decision.text}`)],
		})
		if (decision.votesFor !== null && decision.rule && decision.outcome) {
			result.push({
				type: 'paragraph',
				content: [
					text(
						t('minutes.export.vote', {
							for: decision.votesFor,
							against: decision.votesAgainst ?? 0,
							abstain: decision.votesAbstain ?? 0,
							rule: t(`decisions.rule.${decision.rule}`).toLowerCase(),
							outcome: t(`decisions.outcome.${decision.outcome}`).toLowerCase(),
						}),
					),
				],
			})
		}
	}
	return result
}

/** Applies the options and puts the labels into the reader's language. */
export function buildMinutesExport(
	source: MinutesExportSource,
	options: MinutesExportOptions,
	locale: Locale,
): MinutesExport {
	const t = createTranslator(locale)
	const { meeting } = source
	const details = [
		`${t('meetings.group')}: ${meeting.groupName}`,
		`${t('meetings.startsAt')}: ${formatDateTime(meeting.startsAt, locale)}`,
		meeting.place ? `${t('meetings.place')}: ${meeting.place}` : null,
		source.approvedAt
			? t('minutes.export.approvedVersion', { date: formatDateTime(source.approvedAt, locale) })
			: null,
	]
		.filter(Boolean)
		.join(' · ')

	const blocks: Block[] = []
	if (options.includeAttendance && source.attendance?.length) {
		blocks.push(...attendanceBlocks(source.attendance, t))
	}
	const kept = options.omitConfidential
		? source.sections.filter((section) => !section.confidential)
		: source.sections
	const minutes = kept.flatMap((section) => section.blocks)
	if (minutes.length) blocks.push(...minutes)
	else
		blocks.push({
			type: 'paragraph',
			emphasis: 'muted',
			content: [text(t('minutes.export.empty'))],
		})
	if (source.decisions?.length) blocks.push(...decisionBlocks(source.decisions, t))
	if (kept.length < source.sections.length) {
		blocks.push({
			type: 'paragraph',
			emphasis: 'muted',
			content: [text(t('minutes.export.confidentialOmitted'))],
		})
	}

	return {
		title: t('minutes.export.title', { title: meeting.title }),
		details,
		author: meeting.groupName,
		language: 'cs-CZ',
		pageLabel: t('minutes.export.page'),
		blocks,
	}
}

import { asc, eq } from 'drizzle-orm'
import { createPdf } from '#app/utils/pdf-fonts.server.ts'
import { createTranslator } from '#app/i18n/i18n.ts'
import { meetingWhen } from '#app/meetings/meeting-when.server.ts'
import type { MeetingDetails } from '#app/meetings/meetings.server.ts'
import { getDb } from '#db/client.ts'
import { agendaItems } from '#db/schema.ts'

/** The file name of the agenda attached to invitation e-mails. */
export const AGENDA_PDF_FILENAME = 'program.pdf'

/** The meeting's agenda in order, as projected from the live agenda document. */
export function listAgendaItems(meetingId: string) {
	return getDb()
		.select({
			title: agendaItems.title,
			presenter: agendaItems.presenter,
			plannedMinutes: agendaItems.plannedMinutes,
			description: agendaItems.description,
		})
		.from(agendaItems)
		.where(eq(agendaItems.meetingId, meetingId))
		.orderBy(asc(agendaItems.position))
		.all()
}

export type AgendaPdfItem = ReturnType<typeof listAgendaItems>[number]

export type AgendaPdfMeeting = Pick<
	MeetingDetails,
	'title' | 'groupName' | 'startsAt' | 'endsAt' | 'place' | 'onlineUrl'
>

const MUTED = '#555555'
const TEXT = '#000000'

/**
 * The agenda as a printable PDF for the invitation: the meeting's title, group, date and time
 * (Prague), place and online link at the top, then the numbered items with presenter, planned
 * minutes and description, and the planned total. A4, DejaVu Sans embedded, page numbers.
 */
export async function renderAgendaPdf(
	meeting: AgendaPdfMeeting,
	items: AgendaPdfItem[],
): Promise<Buffer> {
	const t = createTranslator('cs')
	const { doc, done } = createPdf({
		size: 'A4',
		margins: { top: 56, bottom: 64, left: 56, right: 56 },
		bufferPages: true,
		lang: 'cs-CZ',
		displayTitle: true,
		info: { Title: `${t('meetings.agendaPdf.title')} – ${meeting.title}`, Author: 'Síťovka' },
	})

	const left = doc.page.margins.left
	const width = doc.page.width - left - doc.page.margins.right

	doc.font('bold').fontSize(18).fillColor(TEXT).text(t('meetings.agendaPdf.title'), { width })
	doc.moveDown(0.3)
	doc.font('bold').fontSize(13).text(meeting.title, { width })
	doc.font('regular').fontSize(10.5)
	doc.text(`${t('meetings.group')}: ${meeting.groupName}`, { width })
	doc.text(`${t('meetings.startsAt')}: ${meetingWhen(meeting)}`, { width })
	doc.text(`${t('meetings.place')}: ${meeting.place || t('meetings.place.none')}`, { width })
	if (meeting.onlineUrl) doc.text(`${t('meetings.onlineUrl')}: ${meeting.onlineUrl}`, { width })
	doc.moveDown(1)

	if (items.length === 0) {
		doc.font('regular').fontSize(11).text(t('meetings.agendaPdf.empty'), { width })
	}
	const numberWidth = 24
	items.forEach((item, index) => {
		// Keep an item's title with at least a line of what follows it.
		if (doc.y + 50 > doc.page.height - doc.page.margins.bottom) doc.addPage()
		const top = doc.y
		doc
			.font('bold')
			.fontSize(12)
			.fillColor(TEXT)
			.text(`${index + 1}.`, left, top, { width: numberWidth })
		doc.text(item.title, left + numberWidth, top, { width: width - numberWidth })
		const meta = [
			item.presenter ? t('meetings.agendaPdf.presenter', { name: item.presenter }) : null,
			item.plannedMinutes ? t('meetings.agendaPdf.minutes', { count: item.plannedMinutes }) : null,
		].filter(Boolean)
		if (meta.length > 0) {
			doc
				.font('regular')
				.fontSize(10)
				.fillColor(MUTED)
				.text(meta.join(' · '), left + numberWidth, doc.y, { width: width - numberWidth })
		}
		if (item.description?.trim()) {
			doc.moveDown(0.2)
			doc
				.font('regular')
				.fontSize(10.5)
				.fillColor(TEXT)
				.text(item.description.trim(), left + numberWidth, doc.y, { width: width - numberWidth })
		}
		doc.moveDown(0.8)
	})

	const total = items.reduce((sum, item) => sum + (item.plannedMinutes ?? 0), 0)
	if (total > 0) {
		doc
			.font('bold')
			.fontSize(10.5)
			.fillColor(TEXT)
			.text(t('meetings.agendaPdf.total', { count: total }), left, doc.y, { width })
	}

	const range = doc.bufferedPageRange()
	for (let index = 0; index < range.count; index++) {
		doc.switchToPage(range.start + index)
		// Writing below the bottom margin would otherwise start a new page.
		const bottom = doc.page.margins.bottom
		doc.page.margins.bottom = 0
		doc
			.font('regular')
			.fontSize(8.5)
			.fillColor(MUTED)
			.text(
				t('meetings.agendaPdf.page', { page: index + 1, total: range.count }),
				left,
				doc.page.height - 40,
				{ width, align: 'center', lineBreak: false },
			)
		doc.page.margins.bottom = bottom
	}

	doc.end()
	return done
}

/** The meeting's agenda PDF, or null when the agenda has no items (nothing worth attaching). */
export async function agendaPdfAttachment(meeting: AgendaPdfMeeting & { id: string }) {
	const items = listAgendaItems(meeting.id)
	if (items.length === 0) return null
	return {
		filename: AGENDA_PDF_FILENAME,
		content: await renderAgendaPdf(meeting, items),
		contentType: 'application/pdf',
	}
}

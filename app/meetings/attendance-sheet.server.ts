import { createPdf } from '#app/utils/pdf-fonts.server.ts'
import { createTranslator } from '#app/i18n/i18n.ts'
import { meetingWhen } from './meeting-when.server.ts'
import type { MeetingDetails } from './meetings.server.ts'
import type { Participant } from './participants.server.ts'

/**
 * The printable attendance sheet (prezenční listina): the meeting's title, group, date and place
 * at the top, then one row per invited person with their name, organisation and an empty box to
 * sign, plus a few empty rows for people who come without an invitation. A4, DejaVu Sans.
 */
export async function renderAttendanceSheet(
	meeting: Pick<
		MeetingDetails,
		'title' | 'groupName' | 'startsAt' | 'endsAt' | 'place' | 'onlineUrl'
	>,
	participants: Pick<Participant, 'name' | 'organisation'>[],
	{ blankRows = 5 }: { blankRows?: number } = {},
): Promise<Buffer> {
	const t = createTranslator('cs')
	const { doc, done } = createPdf({
		size: 'A4',
		margin: 48,
		info: { Title: `${t('meetings.sheet.title')} – ${meeting.title}`, Author: 'Síťovka' },
	})

	const left = doc.page.margins.left
	const width = doc.page.width - left - doc.page.margins.right

	doc.font('bold').fontSize(18).text(t('meetings.sheet.title'), { width })
	doc.moveDown(0.3)
	doc.font('bold').fontSize(13).text(meeting.title, { width })
	doc.font('regular').fontSize(10.5)
	doc.text(`${t('meetings.group')}: ${meeting.groupName}`, { width })
	doc.text(`${t('meetings.startsAt')}: ${meetingWhen(meeting)}`, { width })
	const where = [meeting.place, meeting.onlineUrl].filter(Boolean).join(' · ')
	doc.text(`${t('meetings.place')}: ${where || t('meetings.place.none')}`, { width })
	doc.moveDown(1)

	// Columns: number, name, organisation, signature.
	const columns = [
		{ label: t('meetings.sheet.number'), width: 28 },
		{ label: t('meetings.participants.name'), width: Math.round(width * 0.32) },
		{ label: t('meetings.participants.organisation'), width: Math.round(width * 0.34) },
	]
	const used = columns.reduce((sum, column) => sum + column.width, 0)
	columns.push({ label: t('meetings.sheet.signature'), width: width - used })
	const padding = 5
	const minRowHeight = 30

	const drawRow = (cells: string[], font: 'regular' | 'bold', minHeight: number) => {
		doc.font(font).fontSize(10)
		const height = Math.max(
			minHeight,
			...cells.map(
				(cell, index) =>
					doc.heightOfString(cell, { width: columns[index]!.width - 2 * padding }) + 2 * padding,
			),
		)
		if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
			doc.addPage()
			doc.y = doc.page.margins.top
		}
		const top = doc.y
		let x = left
		cells.forEach((cell, index) => {
			const columnWidth = columns[index]!.width
			doc.rect(x, top, columnWidth, height).stroke()
			doc.text(cell, x + padding, top + padding, { width: columnWidth - 2 * padding })
			x += columnWidth
		})
		doc.x = left
		doc.y = top + height
	}

	const header = columns.map((column) => column.label)
	drawRow(header, 'bold', 20)
	const rows = [
		...participants.map((person) => [person.name, person.organisation ?? '']),
		...Array.from({ length: blankRows }, () => ['', '']),
	]
	rows.forEach(([name, organisation], index) => {
		if (doc.y + minRowHeight > doc.page.height - doc.page.margins.bottom) {
			doc.addPage()
			doc.y = doc.page.margins.top
			drawRow(header, 'bold', 20)
		}
		drawRow([`${index + 1}.`, name!, organisation!, ''], 'regular', minRowHeight)
	})

	doc.end()
	return done
}

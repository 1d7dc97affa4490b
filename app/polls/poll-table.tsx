import { Form, Link } from '@remix-run/react'
import { useId } from 'react'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { formatSlot } from './poll-format.ts'
import type { PollAnswer, SlotTotals } from './poll-results.ts'

export type PollTableData = {
	meeting: { title: string }
	slots: Array<{
		id: string
		startsAt: Date | string
		endsAt: Date | string
		holiday: string | null
	}>
	rows: Array<{
		id: string
		name: string
		isGuest: boolean
		/** Set for the convenor: another row has the same name and one of them is a guest. */
		possibleDuplicate?: boolean
		isViewer: boolean
		answers: Record<string, PollAnswer>
	}>
	totals: SlotTotals[]
	bestSlotIds: string[]
}

const ANSWER_LABEL = {
	yes: 'polls.answer.yes',
	maybe: 'polls.answer.maybe',
	no: 'polls.answer.no',
} as const

/** The answer as a word with a colour and a sign, so it never depends on colour alone. */
function AnswerCell({ answer }: { answer: PollAnswer | undefined }) {
	const { t } = useTranslation()
	if (!answer) {
		return (
			<td className="poll-answer poll-answer--none">
				<span aria-hidden="true">– </span>
				{t('polls.answer.none')}
			</td>
		)
	}
	const sign = answer === 'yes' ? '✓' : answer === 'maybe' ? '?' : '✗'
	return (
		<td className={`poll-answer poll-answer--${answer}`}>
			<span aria-hidden="true">{sign} </span>
			{t(ANSWER_LABEL[answer])}
		</td>
	)
}

/** The best slots announced in words, for everyone and for screen readers. */
export function BestSlots({ poll }: { poll: PollTableData }) {
	const { t, locale } = useTranslation()
	const best = poll.slots.filter((slot) => poll.bestSlotIds.includes(slot.id))
	if (poll.slots.length === 0) return null
	if (best.length === 0) return <p className="poll-best">{t('polls.best.none')}</p>
	const slots = best.map((slot) => formatSlot(slot.startsAt, slot.endsAt, locale)).join('; ')
	return (
		<p className="poll-best">
			<strong>{t(best.length === 1 ? 'polls.best.one' : 'polls.best.many', { slots })}</strong>
		</p>
	)
}

/**
 * The convenor's button to remove an answer. The action asks to confirm first; the question
 * then shows in the answer's own row, with "keep" going back to `cancelTo`.
 */
function RemoveAnswer({
	id,
	name,
	confirming,
	cancelTo,
}: {
	id: string
	name: string
	confirming: boolean
	cancelTo: string
}) {
	const { t } = useTranslation()
	if (confirming) {
		const questionId = `poll-remove-${id}`
		return (
			<Form method="post" className="poll-remove-confirm" aria-labelledby={questionId}>
				<p id={questionId}>
					<strong>{t('polls.respondent.confirm', { name })}</strong>
				</p>
				<input type="hidden" name="intent" value="remove-respondent" />
				<input type="hidden" name="respondentId" value={id} />
				<input type="hidden" name="confirmed" value="yes" />
				<button type="submit" className="button">
					{t('polls.respondent.confirmYes')}
				</button>{' '}
				<Link to={cancelTo} className="button button--secondary">
					{t('polls.respondent.keep')}
				</Link>
			</Form>
		)
	}
	return (
		<Form method="post" className="inline-form">
			<input type="hidden" name="intent" value="remove-respondent" />
			<input type="hidden" name="respondentId" value={id} />
			<button
				type="submit"
				className="button button--secondary"
				aria-label={t('polls.respondent.removeNamed', { name })}
			>
				{t('polls.respondent.remove')}
			</button>
		</Form>
	)
}

/**
 * Rows are the people who answered, columns the offered slots; the last row gives the totals.
 * The best slots are highlighted (and named in the header), holidays marked on their slot.
 * Guests (not signed in) are marked. For the convenor (`manage`), names that answered more
 * than once are marked as possible duplicates and every answer can be removed.
 */
export function PollTable({
	poll,
	manage,
}: {
	poll: PollTableData
	/** For the convenor: the answer being confirmed for removal, and where "keep" goes. */
	manage?: { confirmingId: string | null; cancelTo: string } | null
}) {
	const { t, locale } = useTranslation()
	const captionId = useId()
	if (poll.slots.length === 0) return <p>{t('polls.slots.none')}</p>
	const best = new Set(poll.bestSlotIds)
	const bestClass = (slotId: string) => (best.has(slotId) ? ' poll-slot--best' : '')
	const duplicates = !!manage && poll.rows.some((row) => row.possibleDuplicate)
	return (
		<>
			<BestSlots poll={poll} />
			{duplicates ? <p className="notice">{t('polls.table.duplicateHint')}</p> : null}
			<div
				className="table-wrap poll-table-wrap"
				role="region"
				aria-labelledby={captionId}
				// A scrollable region has to be reachable by keyboard (axe: scrollable-region-focusable).
				// eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
				tabIndex={0}
			>
				<table className="table poll-table">
					<caption id={captionId}>
						{t('polls.table.caption', { title: poll.meeting.title })}
						<span className="visually-hidden"> {t('polls.table.scroll')}</span>
					</caption>
					<thead>
						<tr>
							<th scope="col">{t('polls.table.respondent')}</th>
							{poll.slots.map((slot) => (
								<th key={slot.id} scope="col" className={`poll-slot${bestClass(slot.id)}`}>
									<time dateTime={new Date(slot.startsAt).toISOString()}>
										{formatSlot(slot.startsAt, slot.endsAt, locale)}
									</time>
									{slot.holiday ? (
										<span className="badge poll-holiday">
											{t('polls.slot.holiday', { name: slot.holiday })}
										</span>
									) : null}
									{best.has(slot.id) ? (
										<span className="badge poll-best-badge">{t('polls.table.best')}</span>
									) : null}
								</th>
							))}
							{manage ? <th scope="col">{t('polls.table.actions')}</th> : null}
						</tr>
					</thead>
					<tbody>
						{poll.rows.length === 0 ? (
							<tr>
								<td colSpan={poll.slots.length + (manage ? 2 : 1)} className="muted">
									{t('polls.table.none')}
								</td>
							</tr>
						) : (
							poll.rows.map((row) => (
								<tr key={row.id} className={row.isViewer ? 'poll-row--viewer' : undefined}>
									<th scope="row">
										{row.name}
										{row.isGuest ? ` ${t('polls.table.guest')}` : ''}
										{row.isViewer ? ` ${t('polls.table.you')}` : ''}
										{manage && row.possibleDuplicate ? (
											<span className="badge poll-duplicate">{t('polls.table.duplicate')}</span>
										) : null}
									</th>
									{poll.slots.map((slot) => (
										<AnswerCell key={slot.id} answer={row.answers[slot.id]} />
									))}
									{manage ? (
										<td>
											<RemoveAnswer
												id={row.id}
												name={row.name}
												confirming={manage.confirmingId === row.id}
												cancelTo={manage.cancelTo}
											/>
										</td>
									) : null}
								</tr>
							))
						)}
					</tbody>
					<tfoot>
						<tr>
							<th scope="row">{t('polls.table.total')}</th>
							{poll.totals.map((total) => (
								<td key={total.slotId} className={`poll-total${bestClass(total.slotId)}`}>
									{t('polls.table.totalCell', { yes: total.yes, maybe: total.maybe })}
								</td>
							))}
							{manage ? <td /> : null}
						</tr>
					</tfoot>
				</table>
			</div>
		</>
	)
}

import { Form, useNavigation } from '@remix-run/react'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { formatSlot } from './poll-format.ts'
import { answerField, type PollAnswer } from './poll-results.ts'

const CHOICES: Array<{ value: PollAnswer; label: string }> = [
	{ value: 'yes', label: 'polls.answer.yes' },
	{ value: 'maybe', label: 'polls.answer.maybe' },
	{ value: 'no', label: 'polls.answer.no' },
]

/**
 * One radio group per slot (a fieldset with the slot as its legend). Guests also give their
 * name. After a refused submission the form shows what was sent, so nothing is lost.
 */
export function PollAnswerForm({
	slots,
	answers,
	guestName,
	respondentId,
	askName,
	error,
	nameErrors,
	hint,
}: {
	slots: Array<{
		id: string
		startsAt: Date | string
		endsAt: Date | string
		holiday: string | null
	}>
	answers: Record<string, string>
	guestName?: string
	/** The guest answer this form changes (a browser may have answered for a few people). */
	respondentId?: string
	askName?: boolean
	error?: string | null
	nameErrors?: string[]
	hint: string
}) {
	const { t, locale } = useTranslation()
	const navigation = useNavigation()
	return (
		<Form method="post" className="form poll-answer-form" aria-labelledby="poll-answer-title">
			<h2 id="poll-answer-title">{t('polls.answer.title')}</h2>
			<p className="muted">{hint}</p>
			<input type="hidden" name="intent" value="answer" />
			{respondentId ? <input type="hidden" name="respondent" value={respondentId} /> : null}
			<FormErrors errors={error ? [error] : []} />
			{askName ? (
				<Field
					label={t('polls.guest.name')}
					hint={t('polls.guest.nameHint')}
					inputProps={{
						name: 'name',
						type: 'text',
						required: true,
						maxLength: 100,
						autoComplete: 'name',
						defaultValue: guestName ?? '',
					}}
					errors={nameErrors}
				/>
			) : null}
			<div className="poll-slots">
				{slots.map((slot) => (
					<fieldset key={slot.id} className="poll-slot-choice">
						<legend>
							{formatSlot(slot.startsAt, slot.endsAt, locale)}
							{slot.holiday ? (
								<span className="badge poll-holiday">
									{t('polls.slot.holiday', { name: slot.holiday })}
								</span>
							) : null}
						</legend>
						{CHOICES.map((choice) => (
							<label key={choice.value} className={`poll-choice poll-choice--${choice.value}`}>
								<input
									type="radio"
									name={answerField(slot.id)}
									value={choice.value}
									defaultChecked={answers[slot.id] === choice.value}
								/>{' '}
								{t(choice.label)}
							</label>
						))}
					</fieldset>
				))}
			</div>
			<div className="actions">
				<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
					{t('polls.answer.submit')}
				</button>
			</div>
		</Form>
	)
}

import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUser } from '#app/auth/auth.server.ts'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { MeetingHeader } from '#app/meetings/meeting-header.tsx'
import { requireMeetingAccess } from '#app/meetings/meetings.server.ts'
import { PollAnswerForm } from '#app/polls/poll-answer-form.tsx'
import {
	hiddenGuestLinkCookie,
	readShownGuestToken,
	shownGuestLinkCookie,
} from '#app/polls/poll-cookies.server.ts'
import { formatSlot } from '#app/polls/poll-format.ts'
import { GuestLinkCard } from '#app/polls/poll-guest-link.tsx'
import { PollTable } from '#app/polls/poll-table.tsx'
import { readAnswers } from '#app/polls/polls-form.server.ts'
import { SlotSchema } from '#app/polls/polls.schema.ts'
import {
	addSlot,
	answerAsMember,
	canManagePoll,
	closePoll,
	findRespondent,
	getPoll,
	PollError,
	pollGuestUrl,
	removeRespondent,
	removeSlot,
	renewGuestLink,
	reopenPoll,
} from '#app/polls/polls.server.ts'
import { withNotice } from '#app/utils/notice.ts'
import { badRequest, invalidForm, invariantResponse, requireFound } from '#app/utils/errors.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{
		title: data ? `Výběr termínu: ${data.poll.meeting.title} | Síťovka` : 'Výběr termínu | Síťovka',
	},
]

function load(request: Request, meetingId: string | undefined) {
	const user = requireUser(request)
	const { meeting } = requireMeetingAccess(user, meetingId)
	return { user, meeting, canManage: canManagePoll(user, meeting.groupId) }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user, meeting, canManage } = load(request, params.meetingId)
	const poll = requireFound(getPoll(meeting.id, { userId: user.id }))
	// Only the link's hash is stored: the full link is there only in the browser that made it.
	const shownToken = canManage ? readShownGuestToken(request, meeting.id) : null
	return {
		header: {
			id: meeting.id,
			title: meeting.title,
			groupId: meeting.groupId,
			groupName: meeting.groupName,
		},
		poll: canManage
			? poll
			: { ...poll, rows: poll.rows.map(({ possibleDuplicate: _duplicate, ...row }) => row) },
		canManage,
		guestUrl: shownToken ? pollGuestUrl(shownToken) : null,
		myAnswers: poll.rows.find((row) => row.isViewer)?.answers ?? {},
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, meeting, canManage } = load(request, params.meetingId)
	const formData = await request.formData()
	const intent = formData.get('intent')
	const path = `/meetings/${meeting.id}/poll`
	const requireManager = () => {
		invariantResponse(canManage, 'error.forbidden', { status: 403 })
	}

	if (intent === 'answer') {
		const answers = readAnswers(formData)
		try {
			answerAsMember(meeting.id, user.id, answers)
		} catch (error) {
			if (error instanceof PollError) return { answerError: error.messageKey, answers }
			throw error
		}
		return redirect(withNotice(path, 'notice.pollAnswered'))
	}

	requireManager()
	if (intent === 'add-slot') {
		const submission = parseWithZod(formData, { schema: SlotSchema })
		if (submission.status !== 'success') return invalidForm({ result: submission.reply() })
		let added
		try {
			added = addSlot(meeting.id, submission.value)
		} catch (error) {
			if (error instanceof PollError) {
				return { result: submission.reply({ formErrors: [error.messageKey] }) }
			}
			throw error
		}
		// The first slot opens the poll with a guest link, shown in this browser.
		const headers: HeadersInit = added.guestToken
			? { 'Set-Cookie': shownGuestLinkCookie(meeting.id, added.guestToken) }
			: {}
		return redirect(withNotice(path, 'notice.pollSlotAdded'), { headers })
	}
	if (intent === 'new-link') {
		// The old link stops working, so the convenor confirms first.
		if (formData.get('confirmed') !== 'yes') return { confirmNewLink: true }
		let token
		try {
			token = renewGuestLink(meeting.id)
		} catch (error) {
			if (error instanceof PollError) return { linkError: error.messageKey }
			throw error
		}
		return redirect(withNotice(path, 'notice.pollLinkCreated'), {
			headers: { 'Set-Cookie': shownGuestLinkCookie(meeting.id, token) },
		})
	}
	if (intent === 'hide-link') {
		return redirect(path, { headers: { 'Set-Cookie': hiddenGuestLinkCookie(meeting.id) } })
	}
	if (intent === 'remove-respondent') {
		const respondent = findRespondent(meeting.id, String(formData.get('respondentId') ?? ''))
		if (!respondent) return { removeError: 'polls.respondent.unknown' }
		// Removing cannot be undone: the first request only asks to confirm.
		if (formData.get('confirmed') !== 'yes') return { confirmRemove: respondent }
		removeRespondent(meeting.id, respondent.id)
		return redirect(withNotice(path, 'notice.pollAnswerRemoved'))
	}
	if (intent === 'remove-slot') {
		try {
			removeSlot(meeting.id, String(formData.get('slotId') ?? ''))
		} catch (error) {
			if (error instanceof PollError) return { slotError: error.messageKey }
			throw error
		}
		return redirect(withNotice(path, 'notice.pollSlotRemoved'))
	}
	if (intent === 'close') {
		try {
			await closePoll(meeting.id, String(formData.get('slotId') ?? ''))
		} catch (error) {
			if (error instanceof PollError) return { closeError: error.messageKey }
			throw error
		}
		return redirect(withNotice(path, 'notice.pollClosed'))
	}
	if (intent === 'reopen') {
		reopenPoll(meeting.id)
		return redirect(withNotice(path, 'notice.pollReopened'))
	}
	badRequest()
}

function AddSlotForm({ result }: { result: SubmissionResult<string[]> | undefined }) {
	const { t } = useTranslation()
	const navigation = useNavigation()
	const [form, fields] = useForm({
		id: 'poll-add-slot',
		lastResult: result,
		constraint: getZodConstraint(SlotSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: SlotSchema }),
	})
	return (
		<Form method="post" className="form poll-add-slot" {...getFormProps(form)}>
			<h3>{t('polls.slot.add.title')}</h3>
			<input type="hidden" name="intent" value="add-slot" />
			<FormErrors id={form.errorId} errors={form.errors} />
			<Field
				label={t('polls.slot.date')}
				inputProps={{ ...getInputProps(fields.date, { type: 'date' }), required: true }}
				errors={fields.date.errors}
			/>
			<div className="poll-times">
				<Field
					label={t('polls.slot.start')}
					hint={t('polls.slot.timeHint')}
					inputProps={{ ...getInputProps(fields.start, { type: 'time' }), required: true }}
					errors={fields.start.errors}
				/>
				<Field
					label={t('polls.slot.end')}
					inputProps={{ ...getInputProps(fields.end, { type: 'time' }), required: true }}
					errors={fields.end.errors}
				/>
			</div>
			<div className="actions">
				<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
					{t('polls.slot.add')}
				</button>
			</div>
		</Form>
	)
}

export default function MeetingPollPage() {
	const { t, locale } = useTranslation()
	const { header, poll, canManage, guestUrl, myAnswers } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const open = poll.status === 'open'
	const answerError = actionData && 'answerError' in actionData ? actionData.answerError : null
	const sentAnswers = actionData && 'answers' in actionData ? actionData.answers : null
	const closeError = actionData && 'closeError' in actionData ? actionData.closeError : null
	const slotError = actionData && 'slotError' in actionData ? actionData.slotError : null
	const addResult = actionData && 'result' in actionData ? actionData.result : undefined
	const confirmingNewLink = !!actionData && 'confirmNewLink' in actionData
	const linkError = actionData && 'linkError' in actionData ? actionData.linkError : null
	const confirmRemove =
		actionData && 'confirmRemove' in actionData ? actionData.confirmRemove : null
	const removeError = actionData && 'removeError' in actionData ? actionData.removeError : null
	const path = `/meetings/${header.id}/poll`
	const defaultClose = poll.bestSlotIds[0] ?? poll.slots[0]?.id
	return (
		<div className="stack poll-page">
			<MeetingHeader meeting={header} />
			<section className="stack" aria-labelledby="poll-title">
				<h2 id="poll-title">{t('polls.title')}</h2>
				<p>
					{poll.status === 'none'
						? t('polls.state.none')
						: poll.status === 'open'
							? t('polls.state.open')
							: t('polls.state.closed', {
									slot: formatSlot(
										poll.meeting.startsAt,
										poll.meeting.endsAt ?? poll.meeting.startsAt,
										locale,
									),
								})}
				</p>
				{canManage && poll.status === 'none' ? <p className="muted">{t('polls.intro')}</p> : null}
				<FormErrors errors={removeError ? [removeError] : []} />
				<PollTable
					poll={poll}
					manage={canManage ? { confirmingId: confirmRemove?.id ?? null, cancelTo: path } : null}
				/>
			</section>

			{open || sentAnswers ? (
				<PollAnswerForm
					slots={poll.slots}
					answers={sentAnswers ?? myAnswers}
					error={answerError}
					hint={t('polls.answer.change')}
				/>
			) : null}

			{canManage && open ? (
				<>
					<FormErrors errors={linkError ? [linkError] : []} />
					<GuestLinkCard guestUrl={guestUrl} confirmingNew={confirmingNewLink} path={path} />
				</>
			) : null}

			{canManage && poll.status !== 'closed' ? (
				<section className="card stack" aria-labelledby="poll-slots-title">
					<h2 id="poll-slots-title">{t('polls.slots.title')}</h2>
					<FormErrors errors={slotError ? [slotError] : []} />
					{poll.slots.length ? (
						<ul className="list poll-slot-list">
							{poll.slots.map((slot) => {
								const label = formatSlot(slot.startsAt, slot.endsAt, locale)
								return (
									<li key={slot.id}>
										<span>{label}</span>{' '}
										<Form method="post" className="inline-form">
											<input type="hidden" name="intent" value="remove-slot" />
											<input type="hidden" name="slotId" value={slot.id} />
											<button type="submit" className="button button--secondary">
												{t('polls.slot.remove', { slot: label })}
											</button>
										</Form>
									</li>
								)
							})}
						</ul>
					) : (
						<p>{t('polls.slots.none')}</p>
					)}
					<AddSlotForm result={addResult} />
				</section>
			) : null}

			{canManage && open && poll.slots.length > 0 ? (
				<section className="card stack" aria-labelledby="poll-close-title">
					<h2 id="poll-close-title">{t('polls.close.title')}</h2>
					<p className="muted">{t('polls.close.hint')}</p>
					<Form method="post" className="form">
						<input type="hidden" name="intent" value="close" />
						<FormErrors errors={closeError ? [closeError] : []} />
						<fieldset>
							<legend>{t('polls.close.slot')}</legend>
							{poll.slots.map((slot) => (
								<label key={slot.id} className="poll-choice">
									<input
										type="radio"
										name="slotId"
										value={slot.id}
										defaultChecked={slot.id === defaultClose}
									/>{' '}
									{formatSlot(slot.startsAt, slot.endsAt, locale)}
									{poll.bestSlotIds.includes(slot.id) ? ` (${t('polls.table.best')})` : ''}
								</label>
							))}
						</fieldset>
						<div className="actions">
							<button type="submit" className="button">
								{t('polls.close.submit')}
							</button>
						</div>
					</Form>
				</section>
			) : null}

			{canManage && poll.status === 'closed' ? (
				<Form method="post">
					<input type="hidden" name="intent" value="reopen" />
					<button type="submit" className="button button--secondary">
						{t('polls.reopen.submit')}
					</button>
				</Form>
			) : null}
		</div>
	)
}

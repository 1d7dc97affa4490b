import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUser } from '#app/auth/auth.server.ts'
import { ErrorList, Field, FormErrors } from '#app/components/ui/field.tsx'
import { formatDateTime } from '#app/i18n/format.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { MeetingHeader } from '#app/meetings/meeting-header.tsx'
import {
	confirmMeeting,
	requireMeetingAccess,
	requireMeetingManager,
} from '#app/meetings/meetings.server.ts'
import {
	addGroupMembers,
	addGuest,
	type Attendance,
	listInvitableMembers,
	listParticipants,
	removeParticipant,
	type RsvpAnswer,
	sendPendingInvitations,
	setAttendance,
	setRsvp,
} from '#app/meetings/participants.server.ts'
import { GuestSchema } from '#app/meetings/participants.schema.ts'
import { withNotice } from '#app/utils/notice.ts'
import { ATTENDANCE, RSVP_ANSWERS } from '#db/schema/meetings.ts'
import { badRequest, forbidden, invalidForm } from '#app/utils/errors.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `Účastníci: ${data.meeting.title} | Síťovka` : 'Účastníci | Síťovka' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = requireUser(request)
	const { meeting, canManage } = requireMeetingAccess(user, params.meetingId)
	const participants = listParticipants(meeting.id)
	const mine = participants.find((person) => person.userId === user.id)
	return {
		meeting: {
			id: meeting.id,
			title: meeting.title,
			groupId: meeting.groupId,
			groupName: meeting.groupName,
			state: meeting.state,
		},
		canManage,
		participants: participants.map((person) => ({
			id: person.id,
			name: person.name,
			organisation: person.organisation,
			isGuest: person.isGuest,
			hasEmail: Boolean(person.email),
			rsvp: person.rsvp,
			attendance: person.attendance,
			invitedAt: person.invitedAt,
		})),
		myRsvp: mine ? { answer: mine.rsvp } : null,
		invitable: canManage ? listInvitableMembers(meeting.id, meeting.groupId) : [],
	}
}

const isRsvp = (value: unknown): value is RsvpAnswer => RSVP_ANSWERS.includes(value as RsvpAnswer)
const isAttendance = (value: unknown): value is Attendance =>
	ATTENDANCE.includes(value as Attendance)

export async function action({ request, params }: ActionFunctionArgs) {
	const user = requireUser(request)
	const { meeting, canManage } = requireMeetingAccess(user, params.meetingId)
	const formData = await request.formData()
	const intent = formData.get('intent')
	const path = `/meetings/${meeting.id}/participants`

	if (intent === 'rsvp') {
		const answer = formData.get('rsvp')
		if (!isRsvp(answer)) badRequest()
		// Only people on the list answer; anyone else is told no.
		if (!setRsvp(meeting.id, user.id, answer)) forbidden()
		return redirect(withNotice(path, 'notice.rsvpSaved'))
	}

	requireMeetingManager(canManage)
	switch (intent) {
		case 'inviteGroup':
			addGroupMembers(meeting.id, meeting.groupId)
			return redirect(withNotice(path, 'notice.participantsAdded'))
		case 'addMember': {
			const userId = String(formData.get('userId') ?? '')
			if (!userId || addGroupMembers(meeting.id, meeting.groupId, [userId]) === 0) {
				return { memberError: 'meetings.participants.member.invalid' }
			}
			return redirect(withNotice(path, 'notice.participantsAdded'))
		}
		case 'addGuest': {
			const submission = parseWithZod(formData, { schema: GuestSchema })
			if (submission.status !== 'success') return invalidForm({ result: submission.reply() })
			addGuest(meeting.id, submission.value)
			return redirect(withNotice(path, 'notice.participantsAdded'))
		}
		case 'remove':
			removeParticipant(meeting.id, String(formData.get('participantId') ?? ''))
			return redirect(withNotice(path, 'notice.participantRemoved'))
		case 'send': {
			// While a date poll runs there is no date to invite to; closing the poll invites.
			if (meeting.state === 'scheduling') return { sendError: 'meetings.participants.send.polling' }
			// Inviting to a draft announces its date: the meeting is confirmed.
			if (meeting.state === 'draft') confirmMeeting(meeting.id)
			const sent = await sendPendingInvitations(meeting.id)
			return redirect(
				withNotice(path, sent > 0 ? 'notice.invitationsSent' : 'notice.invitationsNone'),
			)
		}
		case 'attendance': {
			const marks = listParticipants(meeting.id).map((person) => {
				const value = formData.get(`attendance.${person.id}`)
				return { participantId: person.id, attendance: isAttendance(value) ? value : null }
			})
			setAttendance(meeting.id, marks)
			return redirect(withNotice(path, 'notice.attendanceSaved'))
		}
		default:
			badRequest()
	}
}

export default function ParticipantsPage() {
	const { t, locale } = useTranslation()
	const { meeting, canManage, participants, myRsvp, invitable } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const busy = navigation.state === 'submitting'
	const [guestForm, guestFields] = useForm({
		id: 'add-guest',
		lastResult: actionData && 'result' in actionData ? actionData.result : undefined,
		constraint: getZodConstraint(GuestSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: GuestSchema }),
	})
	const memberError = actionData && 'memberError' in actionData ? actionData.memberError : undefined
	const sendError = actionData && 'sendError' in actionData ? actionData.sendError : undefined
	const present = participants.filter((person) => person.attendance === 'present')
	const base = `/meetings/${meeting.id}`

	return (
		<div className="stack">
			<MeetingHeader meeting={meeting} />

			{myRsvp ? (
				<section className="card stack" aria-labelledby="rsvp-heading">
					<h2 id="rsvp-heading">{t('meetings.rsvp.heading')}</h2>
					<p>
						{myRsvp.answer
							? t('meetings.rsvp.yours', { answer: t(`meetings.rsvp.${myRsvp.answer}`) })
							: t('meetings.rsvp.notYet')}
					</p>
					<Form method="post" className="actions">
						<input type="hidden" name="intent" value="rsvp" />
						{RSVP_ANSWERS.map((answer) => (
							<button
								key={answer}
								type="submit"
								name="rsvp"
								value={answer}
								aria-pressed={myRsvp.answer === answer}
								className={myRsvp.answer === answer ? 'button' : 'button button--secondary'}
								disabled={busy}
							>
								{t(`meetings.rsvp.${answer}`)}
							</button>
						))}
					</Form>
				</section>
			) : null}

			{canManage ? (
				<Form method="post" id="remove-participant" hidden>
					<input type="hidden" name="intent" value="remove" />
				</Form>
			) : null}
			<section className="stack" aria-labelledby="participants-heading">
				<div className="page-header">
					<h2 id="participants-heading">{t('meetings.participants.title')}</h2>
					<a href={`${base}/attendance.pdf`} className="button button--secondary">
						{t('meetings.sheet.link')}
					</a>
				</div>
				{participants.length === 0 ? (
					<p className="muted">{t('meetings.participants.empty')}</p>
				) : (
					<Form method="post" className="stack" id="attendance-form">
						<input type="hidden" name="intent" value="attendance" />
						<div className="table-wrap">
							<table className="table">
								<caption>{t('meetings.participants.caption')}</caption>
								<thead>
									<tr>
										<th scope="col">{t('meetings.participants.name')}</th>
										<th scope="col">{t('meetings.participants.organisation')}</th>
										<th scope="col">{t('meetings.participants.invitation')}</th>
										<th scope="col">{t('meetings.rsvp')}</th>
										<th scope="col">{t('meetings.attendance')}</th>
									</tr>
								</thead>
								<tbody>
									{participants.map((person) => (
										<tr key={person.id}>
											<th scope="row">
												{person.name}
												{person.isGuest ? (
													<span className="muted"> ({t('meetings.participants.guest')})</span>
												) : null}
												{canManage ? (
													<button
														type="submit"
														form="remove-participant"
														name="participantId"
														value={person.id}
														className="button button--secondary participant-remove"
														aria-label={t('meetings.participants.remove.label', {
															name: person.name,
														})}
														disabled={busy}
													>
														{t('meetings.participants.remove')}
													</button>
												) : null}
											</th>
											<td>{person.organisation ?? ''}</td>
											<td>
												{person.invitedAt
													? t('meetings.participants.invitedAt', {
															date: formatDateTime(new Date(person.invitedAt), locale),
														})
													: t('meetings.participants.notInvited')}
											</td>
											<td>
												{person.rsvp ? t(`meetings.rsvp.${person.rsvp}`) : t('meetings.rsvp.none')}
											</td>
											<td>
												{canManage ? (
													<select
														name={`attendance.${person.id}`}
														defaultValue={person.attendance ?? ''}
														aria-label={t('meetings.attendance.for', { name: person.name })}
													>
														<option value="">{t('meetings.attendance.none')}</option>
														{ATTENDANCE.map((value) => (
															<option key={value} value={value}>
																{t(`meetings.attendance.${value}`)}
															</option>
														))}
													</select>
												) : person.attendance ? (
													t(`meetings.attendance.${person.attendance}`)
												) : (
													<span className="muted">{t('meetings.attendance.none')}</span>
												)}
											</td>
										</tr>
									))}
								</tbody>
							</table>
						</div>
						{canManage ? (
							<div className="actions">
								<button type="submit" className="button" disabled={busy}>
									{t('meetings.attendance.save')}
								</button>
							</div>
						) : null}
					</Form>
				)}
			</section>

			<section className="stack" aria-labelledby="present-heading">
				<h2 id="present-heading">{t('meetings.present.heading')}</h2>
				{present.length === 0 ? (
					<p className="muted">{t('meetings.present.empty')}</p>
				) : (
					<ul className="list">
						{present.map((person) => (
							<li key={person.id}>
								{person.name}
								{person.organisation ? ` (${person.organisation})` : ''}
							</li>
						))}
					</ul>
				)}
			</section>

			{canManage ? (
				<section className="stack" aria-labelledby="add-heading">
					<h2 id="add-heading">{t('meetings.participants.add.heading')}</h2>
					<Form method="post" className="actions">
						<button
							type="submit"
							name="intent"
							value="inviteGroup"
							className="button button--secondary"
							disabled={busy || invitable.length === 0}
						>
							{t('meetings.participants.inviteGroup')}
						</button>
					</Form>
					{invitable.length > 0 ? (
						<Form method="post" className="form">
							<input type="hidden" name="intent" value="addMember" />
							<div className="field">
								<label htmlFor="add-member">{t('meetings.participants.member')}</label>
								<select
									id="add-member"
									name="userId"
									defaultValue=""
									aria-invalid={memberError ? true : undefined}
									aria-describedby={memberError ? 'add-member-error' : undefined}
								>
									<option value="">{t('meetings.participants.member.choose')}</option>
									{invitable.map((member) => (
										<option key={member.id} value={member.id}>
											{member.name}
										</option>
									))}
								</select>
								<ErrorList id="add-member-error" errors={memberError ? [memberError] : undefined} />
							</div>
							<div className="actions">
								<button type="submit" className="button button--secondary" disabled={busy}>
									{t('meetings.participants.member.submit')}
								</button>
							</div>
						</Form>
					) : null}
					<h3>{t('meetings.participants.guest.heading')}</h3>
					<Form method="post" className="form" {...getFormProps(guestForm)}>
						<input type="hidden" name="intent" value="addGuest" />
						<FormErrors id={guestForm.errorId} errors={guestForm.errors} />
						<Field
							label={t('meetings.participants.guestName')}
							inputProps={{
								...getInputProps(guestFields.guestName, { type: 'text' }),
								autoComplete: 'off',
							}}
							errors={guestFields.guestName.errors}
						/>
						<Field
							label={t('meetings.participants.guestOrganisation')}
							optional
							inputProps={{
								...getInputProps(guestFields.guestOrganisation, { type: 'text' }),
								autoComplete: 'off',
							}}
							errors={guestFields.guestOrganisation.errors}
						/>
						<Field
							label={t('meetings.participants.guestEmail')}
							hint={t('meetings.participants.guestEmail.hint')}
							optional
							inputProps={{
								...getInputProps(guestFields.email, { type: 'email' }),
								autoComplete: 'off',
							}}
							errors={guestFields.email.errors}
						/>
						<div className="actions">
							<button type="submit" className="button button--secondary" disabled={busy}>
								{t('meetings.participants.guest.submit')}
							</button>
						</div>
					</Form>
					<Form method="post" className="stack">
						<p className="muted">{t('meetings.participants.send.hint')}</p>
						{meeting.state === 'draft' ? (
							<p className="muted">{t('meetings.participants.send.draft')}</p>
						) : null}
						<ErrorList id="send-error" errors={sendError ? [sendError] : undefined} />
						<div className="actions">
							<button type="submit" name="intent" value="send" className="button" disabled={busy}>
								{t('meetings.participants.send')}
							</button>
						</div>
					</Form>
				</section>
			) : null}
		</div>
	)
}

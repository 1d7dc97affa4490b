import { parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/auth/auth.server.ts'
import { ErrorList } from '#app/components/ui/field.tsx'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { MeetingHeader } from '#app/meetings/meeting-header.tsx'
import { MeetingForm } from '#app/meetings/meeting-form.tsx'
import { EditMeetingSchema } from '#app/meetings/meeting.schema.ts'
import {
	cancelMeeting,
	confirmMeeting,
	markMeetingHeld,
	MeetingStateError,
	requireMeetingAccess,
	requireMeetingManager,
	updateMeeting,
} from '#app/meetings/meetings.server.ts'
import { hasInvitations, notifyInvitees } from '#app/meetings/participants.server.ts'
import { utcToPragueLocal } from '#app/meetings/prague-time.ts'
import { withNotice } from '#app/utils/notice.ts'
import { invalidForm } from '#app/utils/errors.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `Upravit: ${data.meeting.title} | Síťovka` : 'Upravit setkání | Síťovka' },
]

/** Administrators and the group's convenors edit a meeting; others who see it get 403. */
function requireManagedMeeting(request: Request, meetingId: string | undefined) {
	const user = requireUser(request)
	const { meeting, canManage } = requireMeetingAccess(user, meetingId)
	requireMeetingManager(canManage)
	return { user, meeting }
}

const OPEN_STATES = new Set(['draft', 'scheduling', 'confirmed'])

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { meeting } = requireManagedMeeting(request, params.meetingId)
	return {
		meeting: {
			id: meeting.id,
			title: meeting.title,
			groupId: meeting.groupId,
			groupName: meeting.groupName,
			state: meeting.state,
		},
		defaults: {
			title: meeting.title,
			kind: meeting.kind,
			startsAt: utcToPragueLocal(meeting.startsAt),
			endsAt: meeting.endsAt ? utcToPragueLocal(meeting.endsAt) : '',
			place: meeting.place ?? '',
			onlineUrl: meeting.onlineUrl ?? '',
			visibility: meeting.visibility,
			description: meeting.description ?? '',
		},
		invitationsSent: hasInvitations(meeting.id),
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { meeting } = requireManagedMeeting(request, params.meetingId)
	const formData = await request.formData()
	const intent = formData.get('intent')
	const path = `/meetings/${meeting.id}`
	try {
		if (intent === 'confirm') {
			confirmMeeting(meeting.id)
			return redirect(withNotice(path, 'notice.meetingConfirmed'))
		}
		if (intent === 'held') {
			markMeetingHeld(meeting.id)
			return redirect(withNotice(path, 'notice.meetingHeld'))
		}
		if (intent === 'cancel') {
			if (formData.get('confirm') !== 'yes') {
				return { stateError: 'meetings.lifecycle.cancel.confirmRequired' }
			}
			const { sequence } = cancelMeeting(meeting.id)
			await notifyInvitees(meeting.id, { method: 'CANCEL', sequence })
			return redirect(withNotice(path, 'notice.meetingCancelled'))
		}
	} catch (error) {
		if (error instanceof MeetingStateError) return { stateError: error.messageKey }
		throw error
	}
	const submission = parseWithZod(formData, { schema: EditMeetingSchema })
	if (submission.status !== 'success') return invalidForm({ result: submission.reply() })
	const { rescheduled, sequence } = updateMeeting(meeting.id, submission.value)
	const sent =
		rescheduled && meeting.state !== 'cancelled'
			? await notifyInvitees(meeting.id, { method: 'REQUEST', sequence })
			: 0
	return redirect(
		withNotice(path, sent > 0 ? 'notice.meetingUpdatedSent' : 'notice.meetingUpdated'),
	)
}

export default function EditMeetingPage() {
	const { t } = useTranslation()
	const { meeting, defaults, invitationsSent } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const open = OPEN_STATES.has(meeting.state)
	const stateError = actionData && 'stateError' in actionData ? actionData.stateError : undefined
	return (
		<div className="stack">
			<MeetingHeader meeting={meeting} />
			<section className="stack" aria-labelledby="edit-meeting-heading">
				<h2 id="edit-meeting-heading">{t('meetings.edit.title')}</h2>
				{invitationsSent ? <p className="muted">{t('meetings.edit.invitedNote')}</p> : null}
				<MeetingForm
					id="edit-meeting"
					isNew={false}
					lastResult={actionData && 'result' in actionData ? actionData.result : undefined}
					defaultValue={defaults}
					submitLabel={t('meetings.edit.submit')}
					cancelTo={`/meetings/${meeting.id}`}
				/>
			</section>
			<section className="stack card" aria-labelledby="meeting-state-heading">
				<h2 id="meeting-state-heading">{t('meetings.lifecycle.heading')}</h2>
				<p>
					{t('meetings.state')}:{' '}
					<span className={`badge meeting-state meeting-state--${meeting.state}`}>
						{t(`meetings.state.${meeting.state}`)}
					</span>
				</p>
				<ErrorList id="meeting-state-error" errors={stateError ? [stateError] : undefined} />
				{open ? (
					<>
						{meeting.state === 'draft' ? (
							<Form method="post" className="stack">
								<p className="muted">{t('meetings.lifecycle.confirm.hint')}</p>
								<div className="actions">
									<button type="submit" name="intent" value="confirm" className="button">
										{t('meetings.lifecycle.confirm')}
									</button>
								</div>
							</Form>
						) : null}
						<Form method="post" className="stack">
							<p className="muted">{t('meetings.lifecycle.held.hint')}</p>
							<div className="actions">
								<button type="submit" name="intent" value="held" className="button">
									{t('meetings.lifecycle.held')}
								</button>
							</div>
						</Form>
						<Form method="post" className="stack">
							<p className="muted">{t('meetings.lifecycle.cancel.hint')}</p>
							<label>
								<input type="checkbox" name="confirm" value="yes" required />{' '}
								{t('meetings.lifecycle.cancel.confirm')}
							</label>
							<div className="actions">
								<button
									type="submit"
									name="intent"
									value="cancel"
									className="button button--danger"
								>
									{t('meetings.lifecycle.cancel')}
								</button>
							</div>
						</Form>
					</>
				) : (
					<p>{t('meetings.lifecycle.closed', { state: t(`meetings.state.${meeting.state}`) })}</p>
				)}
			</section>
		</div>
	)
}

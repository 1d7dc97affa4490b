import {
	type ActionFunctionArgs,
	data,
	type LinksFunction,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { meetingLengthMinutes } from '#app/agenda/agenda-doc.ts'
import { AgendaClient } from '#app/agenda/agenda-client.tsx'
import agendaStyles from '#app/agenda/agenda.css?url'
import { canManageAgenda, carryOverOpenItems, getMeetingTimes } from '#app/agenda/agenda.server.ts'
import { requireUser } from '#app/auth/auth.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { MeetingHeader } from '#app/meetings/meeting-header.tsx'
import { requireMeetingAccess, requireWriteAccess } from '#app/meetings/meetings.server.ts'
import minutesStyles from '#app/minutes/minutes.css?url'

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: minutesStyles },
	{ rel: 'stylesheet', href: agendaStyles },
]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `Program – ${data.meeting.title} | Síťovka` : 'Program | Síťovka' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = requireUser(request)
	const { meeting, access } = requireMeetingAccess(user, params.meetingId)
	const times = getMeetingTimes(meeting.id)!
	return {
		meeting: {
			id: meeting.id,
			title: meeting.title,
			groupId: meeting.groupId,
			groupName: meeting.groupName,
		},
		meetingMinutes: meetingLengthMinutes(times.startsAt, times.endsAt),
		canWrite: access === 'write',
		canManage: access === 'write' && canManageAgenda(user, meeting.groupId),
		user: { id: user.id, name: user.name },
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = requireUser(request)
	const { meeting, access } = requireMeetingAccess(user, params.meetingId)
	requireWriteAccess(access)
	const formData = await request.formData()
	if (formData.get('intent') !== 'carry-over') throw new Response('Bad request', { status: 400 })
	if (!canManageAgenda(user, meeting.groupId)) throw new Response('Forbidden', { status: 403 })
	const result = await carryOverOpenItems(meeting.id, user.id)
	return result.ok ? result : data(result, { status: 400 })
}

export default function MeetingAgendaPage() {
	const { t } = useTranslation()
	const { meeting, meetingMinutes, canWrite, canManage, user } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const busy = useNavigation().state !== 'idle'
	return (
		<div className="stack meeting">
			<MeetingHeader meeting={meeting} />
			<section aria-labelledby="agenda-title" className="stack">
				<h2 id="agenda-title">{t('agenda.title')}</h2>
				<AgendaClient
					meetingId={meeting.id}
					user={user}
					canWrite={canWrite}
					meetingMinutes={meetingMinutes}
				/>
			</section>
			{canManage ? (
				<section aria-labelledby="agenda-carry-title" className="stack card">
					<h2 id="agenda-carry-title">{t('agenda.carry.title')}</h2>
					<p className="muted">{t('agenda.carry.hint')}</p>
					<Form method="post" preventScrollReset>
						<button
							type="submit"
							name="intent"
							value="carry-over"
							className="button button--secondary"
							disabled={busy}
						>
							{t('agenda.carry.submit')}
						</button>
					</Form>
					{result ? (
						<p role="status" className={result.ok ? 'notice' : 'form-errors'}>
							{result.ok ? (
								<>
									{t('agenda.carry.done', {
										count: result.count,
										title: result.nextMeeting.title,
									})}{' '}
									<Link to={`/meetings/${result.nextMeeting.id}/agenda`}>
										{result.nextMeeting.title}
									</Link>
								</>
							) : (
								t(result.error)
							)}
						</p>
					) : null}
				</section>
			) : null}
		</div>
	)
}

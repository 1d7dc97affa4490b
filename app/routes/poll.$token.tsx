import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { readCookie } from '#app/auth/cookie.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { PollAnswerForm } from '#app/polls/poll-answer-form.tsx'
import { formatSlot } from '#app/polls/poll-format.ts'
import { PollTable } from '#app/polls/poll-table.tsx'
import { readAnswers } from '#app/polls/polls-form.server.ts'
import { GuestNameSchema } from '#app/polls/polls.schema.ts'
import {
	answerAsGuest,
	findGuestRespondent,
	findMeetingIdByPollToken,
	getPoll,
	PollError,
} from '#app/polls/polls.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { withNotice } from '#app/utils/notice.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{
		title: data ? `Výběr termínu: ${data.poll.meeting.title} | Síťovka` : 'Výběr termínu | Síťovka',
	},
	{ name: 'robots', content: 'noindex' },
]

/**
 * The guest's edit token lives in a cookie of its own for each poll. Its path is `/poll` rather
 * than the poll's page because Remix loads the page's data from `/poll/<token>.data`.
 */
const pollGuestCookieName = (pollToken: string) => `sitovka_poll_${pollToken}`
const COOKIE_MAX_AGE = 365 * 24 * 60 * 60

function serializeGuestCookie(pollToken: string, editToken: string) {
	const parts = [
		`${pollGuestCookieName(pollToken)}=${editToken}`,
		'Path=/poll',
		'HttpOnly',
		'SameSite=Lax',
		`Max-Age=${COOKIE_MAX_AGE}`,
	]
	if (getEnv().baseUrl.startsWith('https:')) parts.push('Secure')
	return parts.join('; ')
}

/** The meeting behind the link; 404 for a link that does not exist. */
function requirePollMeeting(token: string | undefined) {
	const meetingId = findMeetingIdByPollToken(token ?? '')
	if (!meetingId) throw new Response('Not found', { status: 404 })
	return meetingId
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const meetingId = requirePollMeeting(params.token)
	const editToken = readCookie(request.headers.get('Cookie'), pollGuestCookieName(params.token!))
	const respondent = findGuestRespondent(meetingId, editToken)
	const poll = getPoll(meetingId, { respondentId: respondent?.id })
	if (!poll) throw new Response('Not found', { status: 404 })
	const { pollToken: _token, ...shown } = poll
	return {
		poll: shown,
		myName: respondent?.name ?? null,
		myAnswers: poll.rows.find((row) => row.isViewer)?.answers ?? {},
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const pollToken = params.token ?? ''
	const meetingId = requirePollMeeting(pollToken)
	const formData = await request.formData()
	const answers = readAnswers(formData)
	const rawName = formData.get('name')
	const name = typeof rawName === 'string' ? rawName : ''
	const parsedName = GuestNameSchema.safeParse(name)
	if (!parsedName.success) {
		return {
			nameErrors: parsedName.error.issues.map((issue) => issue.message),
			answerError: null,
			answers,
			name,
		}
	}
	const editToken = readCookie(request.headers.get('Cookie'), pollGuestCookieName(pollToken))
	let saved
	try {
		saved = answerAsGuest(meetingId, parsedName.data, answers, editToken)
	} catch (error) {
		if (error instanceof PollError) {
			return { nameErrors: [], answerError: error.messageKey, answers, name }
		}
		throw error
	}
	return redirect(withNotice(`/poll/${pollToken}`, 'notice.pollAnswered'), {
		headers: { 'Set-Cookie': serializeGuestCookie(pollToken, saved.editToken) },
	})
}

export default function GuestPollPage() {
	const { t, locale } = useTranslation()
	const { poll, myName, myAnswers } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const open = poll.status === 'open'
	return (
		<div className="stack poll-page">
			<h1>{t('polls.guestPage.title', { title: poll.meeting.title })}</h1>
			<p>{t('polls.guestPage.intro', { group: poll.meeting.groupName })}</p>
			<p>
				{open
					? t('polls.state.open')
					: poll.status === 'closed'
						? t('polls.state.closed', {
								slot: formatSlot(
									poll.meeting.startsAt,
									poll.meeting.endsAt ?? poll.meeting.startsAt,
									locale,
								),
							})
						: t('polls.state.none')}
			</p>
			{myName ? <p>{t('polls.guestPage.greeting', { name: myName })}</p> : null}
			<section className="stack" aria-labelledby="poll-title">
				<h2 id="poll-title">{t('polls.title')}</h2>
				<PollTable poll={poll} />
			</section>
			{open || actionData ? (
				<PollAnswerForm
					slots={poll.slots}
					answers={actionData?.answers ?? myAnswers}
					askName
					guestName={actionData?.name ?? myName ?? ''}
					nameErrors={actionData?.nameErrors}
					error={actionData?.answerError}
					hint={t('polls.answer.guestChange')}
				/>
			) : null}
		</div>
	)
}

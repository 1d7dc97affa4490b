import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { PollAnswerForm } from '#app/polls/poll-answer-form.tsx'
import { guestBrowserCookies, readGuestBrowserId } from '#app/polls/poll-cookies.server.ts'
import { formatSlot } from '#app/polls/poll-format.ts'
import { PollTable } from '#app/polls/poll-table.tsx'
import { readAnswers } from '#app/polls/polls-form.server.ts'
import { GuestNameSchema } from '#app/polls/polls.schema.ts'
import {
	answerAsGuest,
	findGuestRespondents,
	findMeetingIdByPollToken,
	getPoll,
	PollError,
} from '#app/polls/polls.server.ts'
import { withNotice } from '#app/utils/notice.ts'
import { requireFound } from '#app/utils/errors.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{
		title: data ? `Výběr termínu: ${data.poll.meeting.title} | Síťovka` : 'Výběr termínu | Síťovka',
	},
	{ name: 'robots', content: 'noindex' },
]

/** The meeting behind the link; 404 for a link that does not exist (or no longer works). */
function requirePollMeeting(token: string | undefined) {
	const meetingId = findMeetingIdByPollToken(token ?? '')
	return requireFound(meetingId)
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const token = params.token ?? ''
	const meetingId = requirePollMeeting(token)
	const mine = findGuestRespondents(meetingId, readGuestBrowserId(request, meetingId, token))
	const poll = requireFound(getPoll(meetingId, { respondentIds: mine.map((row) => row.id) }))
	// "Answer for someone else" from the same browser (a shared office computer) starts empty.
	const someoneElse = new URL(request.url).searchParams.has('dalsi')
	const me = someoneElse ? null : (mine[0] ?? null)
	return {
		poll: {
			...poll,
			// Guests see who answered as guests, not the convenor's duplicate checks.
			rows: poll.rows.map(({ possibleDuplicate: _duplicate, ...row }) => row),
		},
		me: me ? { id: me.id, name: me.name } : null,
		myAnswers: (me && poll.rows.find((row) => row.id === me.id)?.answers) ?? {},
		answeredFromHere: mine.map((row) => row.name),
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const pollToken = params.token ?? ''
	const meetingId = requirePollMeeting(pollToken)
	const formData = await request.formData()
	const answers = readAnswers(formData)
	const rawName = formData.get('name')
	const name = typeof rawName === 'string' ? rawName : ''
	const rawRespondent = formData.get('respondent')
	const respondentId = typeof rawRespondent === 'string' && rawRespondent ? rawRespondent : null
	const parsedName = GuestNameSchema.safeParse(name)
	if (!parsedName.success) {
		return {
			nameErrors: parsedName.error.issues.map((issue) => issue.message),
			answerError: null,
			answers,
			name,
		}
	}
	let saved
	try {
		saved = answerAsGuest(meetingId, parsedName.data, answers, {
			browserId: readGuestBrowserId(request, meetingId, pollToken),
			respondentId,
		})
	} catch (error) {
		if (error instanceof PollError) {
			return { nameErrors: [], answerError: error.messageKey, answers, name }
		}
		throw error
	}
	const headers = new Headers()
	for (const cookie of guestBrowserCookies(request, meetingId, pollToken, saved.browserId)) {
		headers.append('Set-Cookie', cookie)
	}
	return redirect(withNotice(`/poll/${pollToken}`, 'notice.pollAnswered'), { headers })
}

export default function GuestPollPage() {
	const { t, locale } = useTranslation()
	const { poll, me, myAnswers, answeredFromHere } = useLoaderData<typeof loader>()
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
			{me ? (
				<p>
					{t('polls.guestPage.greeting', { name: me.name })}{' '}
					{open ? <Link to="?dalsi">{t('polls.guestPage.someoneElse')}</Link> : null}
				</p>
			) : answeredFromHere.length ? (
				<p>
					{t('polls.guestPage.fromHere', { names: answeredFromHere.join(', ') })}{' '}
					<Link to=".">{t('polls.guestPage.backToMine')}</Link>
				</p>
			) : null}
			<section className="stack" aria-labelledby="poll-title">
				<h2 id="poll-title">{t('polls.title')}</h2>
				<PollTable poll={poll} />
			</section>
			{open || actionData ? (
				<PollAnswerForm
					// A new form for another person, so the fields start empty.
					key={me?.id ?? 'new'}
					slots={poll.slots}
					answers={actionData?.answers ?? myAnswers}
					askName
					guestName={actionData?.name ?? me?.name ?? ''}
					respondentId={me?.id}
					nameErrors={actionData?.nameErrors}
					error={actionData?.answerError}
					hint={t('polls.answer.guestChange')}
				/>
			) : null}
		</div>
	)
}

import { parseWithZod } from '@conform-to/zod'
import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import { requireUser } from '#app/auth/auth.server.ts'
import { getMeetingAccess } from '#app/meetings/meeting-access.server.ts'
import { requireMeetingAccess, requireMeetingManager } from '#app/meetings/meetings.server.ts'
import { approveSchema, SendForCommentsSchema } from '#app/minutes/lifecycle.schema.ts'
import {
	approveMinutes,
	getMinutesStatus,
	MinutesLifecycleError,
	prepareMinutesFromAgenda,
	publishMinutes,
	sendForComments,
	startCorrection,
} from '#app/minutes/lifecycle.server.ts'
import { badRequest, invalidForm, invariantResponse, requireFound } from '#app/utils/errors.ts'
import { withNotice } from '#app/utils/notice.ts'

type MinutesIntent = 'prepare' | 'sendForComments' | 'approve' | 'publish' | 'correct'

/**
 * The minutes' lifecycle on the meeting page (posted by its panel's fetchers):
 * - `prepare`: everyone who may write the minutes, while they are empty;
 * - `sendForComments`, `approve`, `publish`, `correct`: the meeting's managers.
 * Success redirects back to the meeting with a notice; a refusal answers `{ intent, error }`
 * (a message key) or `{ intent, result }` (the form's errors).
 */
export async function action({ request, params }: ActionFunctionArgs) {
	const user = requireUser(request)
	const { meeting, canManage } = requireMeetingAccess(user, params.meetingId)
	const formData = await request.formData()
	const intent = formData.get('intent')
	const path = `/meetings/${meeting.id}`
	try {
		switch (intent) {
			case 'prepare': {
				// Asked after reading the form: the minutes' state may have changed meanwhile.
				const info = requireFound(getMeetingAccess(user, meeting.id))
				invariantResponse(info.minutesAccess === 'write', undefined, { status: 403 })
				await prepareMinutesFromAgenda(meeting.id, user.id)
				return redirect(withNotice(path, 'notice.minutesPrepared'))
			}
			case 'sendForComments': {
				requireMeetingManager(canManage)
				const submission = parseWithZod(formData, { schema: SendForCommentsSchema })
				if (submission.status !== 'success') {
					return invalidForm({ intent: intent as MinutesIntent, result: submission.reply() })
				}
				sendForComments(meeting.id, submission.value.commentsUntil)
				return redirect(withNotice(path, 'notice.minutesSentForComments'))
			}
			case 'approve': {
				requireMeetingManager(canManage)
				const { inCorrection } = getMinutesStatus(meeting.id)
				const submission = parseWithZod(formData, { schema: approveSchema(inCorrection) })
				if (submission.status !== 'success') {
					return invalidForm({ intent: intent as MinutesIntent, result: submission.reply() })
				}
				const { published } = await approveMinutes(meeting, {
					userId: user.id,
					note: submission.value.note,
				})
				return redirect(
					withNotice(
						path,
						published ? 'notice.minutesApprovedPublished' : 'notice.minutesApproved',
					),
				)
			}
			case 'publish': {
				requireMeetingManager(canManage)
				publishMinutes(meeting)
				return redirect(withNotice(path, 'notice.minutesPublished'))
			}
			case 'correct': {
				requireMeetingManager(canManage)
				await startCorrection(meeting.id)
				return redirect(withNotice(path, 'notice.minutesCorrection'))
			}
			default:
				return badRequest()
		}
	} catch (error) {
		if (error instanceof MinutesLifecycleError) {
			return { intent: intent as MinutesIntent, error: error.messageKey }
		}
		throw error
	}
}

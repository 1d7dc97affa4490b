import { parseWithZod } from '@conform-to/zod'
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { lazy, Suspense, useEffect, useRef, useState } from 'react'
import { requireUser } from '#app/auth/auth.server.ts'
import { formatDateTime } from '#app/i18n/format.ts'
import { createTranslator } from '#app/i18n/i18n.ts'
import { getLocale } from '#app/i18n/locale.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { requireMeetingAccess, requireWriteAccess } from '#app/meetings/meetings.server.ts'
import { bytesToBase64 } from '#app/minutes/base64.ts'
import { useMinutesContext } from '#app/minutes/minutes-context.ts'
import { RestoreStepSchema } from '#app/minutes/version.schema.ts'
import { versionLabel } from '#app/minutes/version-label.ts'
import {
	getVersion,
	recordAutoVersionIfChanged,
	recordVersion,
} from '#app/minutes/versions.server.ts'
import { withNotice } from '#app/utils/notice.ts'
import { badRequest, notFound } from '#app/utils/errors.ts'
import { meetingMinutesDocumentName } from '#app/minutes/minutes-doc.ts'

// Rendering and restoring need TipTap and Yjs: loaded in the browser only.
const VersionView = lazy(() => import('#app/minutes/version-view.tsx'))

function requireVersion(request: Request, params: LoaderFunctionArgs['params']) {
	const user = requireUser(request)
	// Restoring changes the minutes: their lifecycle decides (frozen once approved).
	const { meeting, minutesAccess: access } = requireMeetingAccess(user, params.meetingId)
	const docName = meetingMinutesDocumentName(meeting.id)
	const version = params.versionId ? getVersion(docName, params.versionId) : null
	if (!version) notFound()
	return { user, meeting, access, docName, version }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { version, access } = requireVersion(request, params)
	const { state, ...details } = version
	return { version: details, state: bytesToBase64(state), canWrite: access === 'write' }
}

/**
 * Restoring happens in the browser, inside the live minutes (a new change, so nothing is lost).
 * The server records two versions around it: `beforeRestore` keeps the current text (unless a
 * version already has it), `restored` names the result after the version it came from.
 */
export async function action({ request, params }: ActionFunctionArgs) {
	const { user, meeting, access, docName, version } = requireVersion(request, params)
	requireWriteAccess(access)
	const submission = parseWithZod(await request.formData(), { schema: RestoreStepSchema })
	if (submission.status !== 'success') badRequest()
	if (submission.value.intent === 'beforeRestore') {
		await recordAutoVersionIfChanged(docName)
		return { prepared: true }
	}
	const locale = getLocale(request, user)
	const t = createTranslator(locale)
	await recordVersion(docName, {
		kind: 'manual',
		name: t('minutes.versions.restoredName', { name: versionLabel(version, t, locale) }),
		userId: user.id,
	})
	return redirect(withNotice(`/meetings/${meeting.id}`, 'notice.versionRestored'))
}

export default function VersionPage() {
	const { t, locale } = useTranslation()
	const { version, state, canWrite } = useLoaderData<typeof loader>()
	const { session, meetingId } = useMinutesContext()
	const [mode, setMode] = useState<'show' | 'compare'>('show')
	const [mounted, setMounted] = useState(false)
	const headingRef = useRef<HTMLHeadingElement>(null)
	useEffect(() => setMounted(true), [])
	useEffect(() => headingRef.current?.focus(), [version.id])
	const label = versionLabel(version, t, locale)
	const loading = <p className="muted">{t('minutes.version.loading')}</p>
	return (
		<article aria-labelledby="version-title" className="version stack">
			<div className="page-header">
				<h3 id="version-title" ref={headingRef} tabIndex={-1}>
					{t('minutes.version.heading', { name: label })}
				</h3>
				<Link to={`/meetings/${meetingId}/versions`} preventScrollReset>
					{t('minutes.version.close')}
				</Link>
			</div>
			<p className="muted">
				{t('minutes.version.savedAt', {
					time: formatDateTime(new Date(version.createdAt), locale),
				})}
				{version.authorName ? ` · ${version.authorName}` : null}
			</p>
			<div role="group" aria-label={t('minutes.version.modeLabel')} className="actions">
				<button
					type="button"
					className="button button--secondary"
					aria-pressed={mode === 'show'}
					onClick={() => setMode('show')}
				>
					{t('minutes.version.show')}
				</button>
				<button
					type="button"
					className="button button--secondary"
					aria-pressed={mode === 'compare'}
					onClick={() => setMode('compare')}
				>
					{t('minutes.version.compare')}
				</button>
			</div>
			{mounted ? (
				<Suspense fallback={loading}>
					<VersionView
						key={version.id}
						state={state}
						mode={mode}
						label={label}
						session={session}
						canWrite={canWrite}
					/>
				</Suspense>
			) : (
				loading
			)}
		</article>
	)
}

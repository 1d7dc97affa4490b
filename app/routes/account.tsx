import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { requireSession } from '#app/auth/auth.server.ts'
import { ChangePasswordSchema } from '#app/auth/auth.schema.ts'
import { requireCurrentPassword, requireStrongPassword } from '#app/auth/password-check.server.ts'
import { PasswordStrengthMeter } from '#app/auth/password-strength-meter.tsx'
import { invalidateOtherSessions, listSessions } from '#app/auth/session.server.ts'
import { findUserByEmail, setPassword } from '#app/auth/users.server.ts'
import { Field } from '#app/components/ui/field.tsx'
import { formatDateTime } from '#app/i18n/format.ts'
import {
	calendarFeedUrl,
	createCalendarToken,
	getCalendarTokenCreatedAt,
	revokeCalendarToken,
} from '#app/meetings/calendar-feed.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { withNotice } from '#app/utils/notice.ts'
import { invalidForm } from '#app/utils/errors.ts'

export const meta: MetaFunction = () => [{ title: 'Můj účet | Síťovka' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const session = requireSession(request)
	const sessions = listSessions(session.user.id).map((row) => ({
		id: row.id,
		current: row.id === session.id,
		lastUsedAt: row.lastUsedAt.getTime(),
		userAgent: row.userAgent,
	}))
	const calendarCreatedAt = getCalendarTokenCreatedAt(session.user.id)?.getTime() ?? null
	return { user: session.user, sessions, calendarCreatedAt }
}

export async function action({ request, context }: ActionFunctionArgs) {
	const session = requireSession(request)
	const formData = await request.formData()
	if (formData.get('intent') === 'sign-out-others') {
		invalidateOtherSessions(session.user.id, session.id)
		return redirect(withNotice('/account', 'notice.signedOutOthers'))
	}
	if (formData.get('intent') === 'calendar-create') {
		// Shown once in the response; only the hash is kept. A new link replaces the old one.
		return { calendarUrl: calendarFeedUrl(createCalendarToken(session.user.id)) }
	}
	if (formData.get('intent') === 'calendar-revoke') {
		revokeCalendarToken(session.user.id)
		return redirect(withNotice('/account', 'notice.calendarRevoked'))
	}
	const user = findUserByEmail(session.user.email)
	if (!user) throw redirect('/login')
	const submission = await parseWithZod(formData, {
		schema: ChangePasswordSchema.superRefine(async (value, ctx) => {
			await requireCurrentPassword(ctx, user, value.currentPassword, context?.clientIp ?? null)
			requireStrongPassword(ctx, value.password, session.user.locale, [user.name, user.email])
		}),
		async: true,
	})
	if (submission.status !== 'success') {
		return invalidForm({
			result: submission.reply({ hideFields: ['currentPassword', 'password'] }),
		})
	}
	await setPassword(user.id, submission.value.password)
	invalidateOtherSessions(user.id, session.id)
	return redirect(withNotice('/account', 'notice.passwordChanged'))
}

/** "Chrome na Linuxu" is more useful than the raw user-agent string. */
function describeDevice(userAgent: string | null) {
	if (!userAgent) return null
	const browser = /Edg\//.test(userAgent)
		? 'Edge'
		: /Firefox\//.test(userAgent)
			? 'Firefox'
			: /Chrome\//.test(userAgent)
				? 'Chrome'
				: /Safari\//.test(userAgent)
					? 'Safari'
					: null
	const system = /Android/.test(userAgent)
		? 'Android'
		: /iPhone|iPad/.test(userAgent)
			? 'iOS'
			: /Windows/.test(userAgent)
				? 'Windows'
				: /Mac OS X/.test(userAgent)
					? 'macOS'
					: /Linux/.test(userAgent)
						? 'Linux'
						: null
	return [browser, system].filter(Boolean).join(', ') || null
}

export default function AccountPage() {
	const { t, locale } = useTranslation()
	const { user, sessions, calendarCreatedAt } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const calendarUrl =
		actionData && 'calendarUrl' in actionData ? (actionData.calendarUrl ?? null) : null
	const navigation = useNavigation()
	const [password, setNewPassword] = useState('')
	const [form, fields] = useForm({
		id: 'change-password',
		lastResult: actionData && 'result' in actionData ? actionData.result : undefined,
		constraint: getZodConstraint(ChangePasswordSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
	})
	const others = sessions.filter((session) => !session.current)
	return (
		<div className="stack">
			<h1>{t('auth.account.title')}</h1>
			<dl className="details">
				<dt>{t('auth.name')}</dt>
				<dd>{user.name}</dd>
				<dt>{t('auth.email')}</dt>
				<dd>{user.email}</dd>
			</dl>
			<section aria-labelledby="sessions-title" className="card">
				<h2 id="sessions-title">{t('auth.account.sessions')}</h2>
				<ul className="list">
					{sessions.map((session) => (
						<li key={session.id}>
							{describeDevice(session.userAgent) ?? t('auth.account.unknownDevice')}{' '}
							{session.current ? (
								<span className="badge">{t('auth.account.current')}</span>
							) : (
								<span className="muted">
									{t('auth.account.lastUsed', { date: formatDateTime(session.lastUsedAt, locale) })}
								</span>
							)}
						</li>
					))}
				</ul>
				{others.length > 0 ? (
					<Form method="post">
						<input type="hidden" name="intent" value="sign-out-others" />
						<button type="submit" className="button button--secondary">
							{t('auth.account.signOutOthers')}
						</button>
					</Form>
				) : (
					<p className="muted">{t('auth.account.noOthers')}</p>
				)}
			</section>
			<CalendarSection createdAt={calendarCreatedAt} url={calendarUrl} />
			<section aria-labelledby="password-title" className="card">
				<h2 id="password-title">{t('auth.account.changePassword')}</h2>
				<Form method="post" className="form" {...getFormProps(form)}>
					<input type="hidden" name="intent" value="change-password" />
					<Field
						label={t('auth.account.currentPassword')}
						inputProps={{
							...getInputProps(fields.currentPassword, { type: 'password' }),
							autoComplete: 'current-password',
						}}
						errors={fields.currentPassword.errors}
					/>
					<Field
						label={t('auth.newPassword')}
						hint={t('auth.password.hint')}
						inputProps={{
							...getInputProps(fields.password, { type: 'password' }),
							autoComplete: 'new-password',
							onChange: (event) => setNewPassword(event.currentTarget.value),
						}}
						errors={fields.password.errors}
					>
						<PasswordStrengthMeter password={password} userInputs={[user.name, user.email]} />
					</Field>
					<div className="actions">
						<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
							{t('form.save')}
						</button>
					</div>
				</Form>
			</section>
		</div>
	)
}

/** "Kalendář": the private subscription link, shown once when created; regenerate or remove it. */
function CalendarSection({ createdAt, url }: { createdAt: number | null; url: string | null }) {
	const { t, locale } = useTranslation()
	const busy = useNavigation().state !== 'idle'
	return (
		<section aria-labelledby="calendar-title" className="card stack">
			<h2 id="calendar-title">{t('calendar.title')}</h2>
			<p>{t('calendar.intro')}</p>
			{url ? (
				<div className="stack" role="status">
					<Field
						label={t('calendar.url.label')}
						hint={t('calendar.url.once')}
						inputProps={{
							type: 'text',
							readOnly: true,
							value: url,
							name: 'calendarUrl',
							onFocus: (event) => event.currentTarget.select(),
						}}
					/>
					<h3>{t('calendar.howto.title')}</h3>
					<ul className="list">
						<li>{t('calendar.howto.outlook')}</li>
						<li>{t('calendar.howto.google')}</li>
						<li>{t('calendar.howto.iphone')}</li>
						<li>{t('calendar.howto.android')}</li>
					</ul>
					<p className="muted">{t('calendar.howto.delay')}</p>
				</div>
			) : createdAt ? (
				<p>{t('calendar.active', { date: formatDateTime(createdAt, locale) })}</p>
			) : (
				<p className="muted">{t('calendar.none')}</p>
			)}
			{createdAt || url ? (
				<div className="stack">
					<Form method="post">
						<p className="muted" id="calendar-regenerate-hint">
							{t('calendar.regenerate.hint')}
						</p>
						<button
							type="submit"
							name="intent"
							value="calendar-create"
							className="button button--secondary"
							aria-describedby="calendar-regenerate-hint"
							disabled={busy}
						>
							{t('calendar.regenerate')}
						</button>
					</Form>
					<Form method="post">
						<p className="muted" id="calendar-revoke-hint">
							{t('calendar.revoke.hint')}
						</p>
						<button
							type="submit"
							name="intent"
							value="calendar-revoke"
							className="button button--secondary"
							aria-describedby="calendar-revoke-hint"
							disabled={busy}
						>
							{t('calendar.revoke')}
						</button>
					</Form>
				</div>
			) : (
				<Form method="post">
					<button
						type="submit"
						name="intent"
						value="calendar-create"
						className="button"
						disabled={busy}
					>
						{t('calendar.create')}
					</button>
				</Form>
			)}
		</section>
	)
}

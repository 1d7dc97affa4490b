import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { requireAnonymous } from '#app/auth/auth.server.ts'
import { LoginSchema } from '#app/auth/auth.schema.ts'
import { serializeSessionCookie } from '#app/auth/cookie.server.ts'
import { attemptLogin } from '#app/auth/login.server.ts'
import { createSession } from '#app/auth/session.server.ts'
import { throttledMessage } from '#app/auth/throttle.server.ts'
import { countUsers } from '#app/auth/users.server.ts'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { safeRedirect } from '#app/utils/safe-redirect.ts'
import { invalidForm } from '#app/utils/errors.ts'

export const meta: MetaFunction = () => [{ title: 'Přihlášení | Síťovka' }]

export async function loader({ request }: LoaderFunctionArgs) {
	if (countUsers() === 0) throw redirect('/setup')
	requireAnonymous(request)
	return null
}

export async function action({ request, context }: ActionFunctionArgs) {
	const formData = await request.formData()
	const submission = parseWithZod(formData, { schema: LoginSchema })
	if (submission.status !== 'success') {
		return invalidForm({ result: submission.reply({ hideFields: ['password'] }) })
	}
	const { email, password, redirectTo } = submission.value
	const login = await attemptLogin(email, password, context?.clientIp ?? null)
	if (!login.ok) {
		const formError =
			login.reason === 'throttled' ? throttledMessage(login.waitMs) : 'auth.login.invalid'
		return invalidForm({
			result: submission.reply({ formErrors: [formError], hideFields: ['password'] }),
		})
	}
	const session = createSession(login.userId, request.headers.get('User-Agent'))
	return redirect(safeRedirect(redirectTo), {
		headers: { 'Set-Cookie': serializeSessionCookie(session.token, session.expiresAt) },
	})
}

export default function LoginPage() {
	const { t } = useTranslation()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const [searchParams] = useSearchParams()
	const [form, fields] = useForm({
		id: 'login',
		lastResult: actionData?.result,
		constraint: getZodConstraint(LoginSchema),
		shouldValidate: 'onSubmit',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
	})
	return (
		<section className="narrow stack" aria-labelledby="login-title">
			<h1 id="login-title">{t('auth.login.title')}</h1>
			<Form method="post" className="form" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? '/'} />
				<Field
					label={t('auth.email')}
					inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
					errors={fields.email.errors}
				/>
				<Field
					label={t('auth.password')}
					inputProps={{
						...getInputProps(fields.password, { type: 'password' }),
						autoComplete: 'current-password',
					}}
					errors={fields.password.errors}
				/>
				<div className="actions">
					<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
						{t('auth.login.submit')}
					</button>
					<Link to="/forgot-password">{t('auth.login.forgot')}</Link>
				</div>
			</Form>
		</section>
	)
}

import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { type ActionFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, useActionData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { SetupSchema } from '#app/auth/auth.schema.ts'
import { serializeSessionCookie } from '#app/auth/cookie.server.ts'
import { requireStrongPassword } from '#app/auth/password-check.server.ts'
import { PasswordStrengthMeter } from '#app/auth/password-strength-meter.tsx'
import { createSession } from '#app/auth/session.server.ts'
import { countUsers, createFirstAdmin } from '#app/auth/users.server.ts'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { getLocale } from '#app/i18n/locale.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { withNotice } from '#app/utils/notice.ts'
import { getDb } from '#db/client.ts'
import { loadDemoData } from '#db/seed/demo.ts'
import { invalidForm } from '#app/utils/errors.ts'

export const meta: MetaFunction = () => [{ title: 'První spuštění | Síťovka' }]

export async function loader() {
	if (countUsers() > 0) throw redirect('/login')
	return null
}

export async function action({ request }: ActionFunctionArgs) {
	if (countUsers() > 0) throw redirect('/login')
	const locale = getLocale(request)
	const formData = await request.formData()
	const submission = parseWithZod(formData, {
		schema: SetupSchema.superRefine((value, ctx) =>
			requireStrongPassword(ctx, value.password, locale, [value.name, value.email]),
		),
	})
	if (submission.status !== 'success') {
		return invalidForm({ result: submission.reply({ hideFields: ['password'] }) })
	}
	const { name, email, password, loadDemo } = submission.value
	const admin = await createFirstAdmin({ name, email, password, locale })
	if (!admin) throw redirect('/login')
	if (loadDemo) await loadDemoData(getDb(), { adminId: admin.id })
	const session = createSession(admin.id, request.headers.get('User-Agent'))
	return redirect(withNotice('/', 'notice.setupDone'), {
		headers: { 'Set-Cookie': serializeSessionCookie(session.token, session.expiresAt) },
	})
}

export default function SetupPage() {
	const { t } = useTranslation()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const [form, fields] = useForm({
		id: 'setup',
		lastResult: actionData?.result,
		constraint: getZodConstraint(SetupSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: SetupSchema }),
	})
	const [password, setPassword] = useState('')
	return (
		<section className="narrow stack" aria-labelledby="setup-title">
			<h1 id="setup-title">{t('auth.setup.title')}</h1>
			<p>{t('auth.setup.intro')}</p>
			<Form method="post" className="form" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<Field
					label={t('auth.name')}
					inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'name' }}
					errors={fields.name.errors}
				/>
				<Field
					label={t('auth.email')}
					inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
					errors={fields.email.errors}
				/>
				<Field
					label={t('auth.password')}
					hint={t('auth.password.hint')}
					inputProps={{
						...getInputProps(fields.password, { type: 'password' }),
						autoComplete: 'new-password',
						onChange: (event) => setPassword(event.currentTarget.value),
					}}
					errors={fields.password.errors}
				>
					<PasswordStrengthMeter
						password={password}
						userInputs={[fields.name.value ?? '', fields.email.value ?? '']}
					/>
				</Field>
				<div className="checkbox">
					<input {...getInputProps(fields.loadDemo, { type: 'checkbox' })} />
					<label htmlFor={fields.loadDemo.id}>{t('auth.setup.loadDemo')}</label>
				</div>
				<div className="actions">
					<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
						{t('auth.setup.submit')}
					</button>
				</div>
			</Form>
		</section>
	)
}

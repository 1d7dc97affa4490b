import { parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { requireAdmin } from '#app/auth/auth.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { OrganisationForm } from '#app/organisations/organisation-form.tsx'
import { OrganisationSchema } from '#app/organisations/organisation.schema.ts'
import { createOrganisation } from '#app/organisations/organisations.server.ts'
import { listKrajOptions, listOrpOptions } from '#app/territory/territory.server.ts'
import { withNotice } from '#app/utils/notice.ts'
import { invalidForm } from '#app/utils/errors.ts'

export const meta: MetaFunction = () => [{ title: 'Nová organizace | Síťovka' }]

export async function loader({ request }: LoaderFunctionArgs) {
	requireAdmin(request)
	return { orpOptions: listOrpOptions(), krajOptions: listKrajOptions() }
}

export async function action({ request }: ActionFunctionArgs) {
	requireAdmin(request)
	const formData = await request.formData()
	const submission = parseWithZod(formData, { schema: OrganisationSchema })
	if (submission.status !== 'success') return invalidForm({ result: submission.reply() })
	const saved = createOrganisation(submission.value)
	if (!saved.ok)
		return invalidForm({ result: submission.reply({ fieldErrors: saved.fieldErrors }) })
	return redirect(withNotice(`/organisations/${saved.id}`, 'notice.organisationCreated'))
}

export default function NewOrganisationPage() {
	const { t } = useTranslation()
	const { orpOptions, krajOptions } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<section className="stack" aria-labelledby="new-organisation-title">
			<h1 id="new-organisation-title">{t('organisations.new')}</h1>
			<OrganisationForm
				id="new-organisation"
				lastResult={actionData?.result}
				orpOptions={orpOptions}
				krajOptions={krajOptions}
				submitLabel={t('organisations.form.create')}
				cancelTo="/organisations"
			/>
		</section>
	)
}

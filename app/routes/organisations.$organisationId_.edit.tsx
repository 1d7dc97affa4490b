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
import {
	getOrganisation,
	organisationExists,
	updateOrganisation,
} from '#app/organisations/organisations.server.ts'
import { listKrajOptions, listOrpOptions } from '#app/territory/territory.server.ts'
import { withNotice } from '#app/utils/notice.ts'
import { invalidForm, notFound } from '#app/utils/errors.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `Upravit: ${data.organisation.name} | Síťovka` : 'Organizace | Síťovka' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
	requireAdmin(request)
	const organisation = getOrganisation(params.organisationId ?? '')
	if (!organisation) notFound()
	return {
		organisation: {
			id: organisation.id,
			name: organisation.name,
			kind: organisation.kind,
			ico: organisation.ico,
			address: organisation.address,
			contactEmail: organisation.contactEmail,
			contactPhone: organisation.contactPhone,
			website: organisation.website,
			orpKod: organisation.orpKod,
			// With an ORP the kraj follows from it; the kraj select is for kraj-wide organisations.
			krajKod: organisation.orpKod ? null : organisation.krajKod,
			description: organisation.description,
		},
		orpOptions: listOrpOptions(),
		krajOptions: listKrajOptions(),
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	requireAdmin(request)
	const id = params.organisationId ?? ''
	if (!organisationExists(id)) notFound()
	const formData = await request.formData()
	const submission = parseWithZod(formData, { schema: OrganisationSchema })
	if (submission.status !== 'success') return invalidForm({ result: submission.reply() })
	const saved = updateOrganisation(id, submission.value)
	if (!saved.ok)
		return invalidForm({ result: submission.reply({ fieldErrors: saved.fieldErrors }) })
	return redirect(withNotice(`/organisations/${id}`, 'notice.organisationUpdated'))
}

export default function EditOrganisationPage() {
	const { t } = useTranslation()
	const { organisation, orpOptions, krajOptions } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { id, ...defaultValue } = organisation
	return (
		<section className="stack" aria-labelledby="edit-organisation-title">
			<h1 id="edit-organisation-title">
				{t('organisations.editTitle', { name: organisation.name })}
			</h1>
			<OrganisationForm
				id={`edit-organisation-${id}`}
				lastResult={actionData?.result}
				defaultValue={defaultValue}
				orpOptions={orpOptions}
				krajOptions={krajOptions}
				submitLabel={t('form.save')}
				cancelTo={`/organisations/${id}`}
			/>
		</section>
	)
}

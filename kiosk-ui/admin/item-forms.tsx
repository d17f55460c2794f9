import { useState } from 'preact/hooks';
import type { CaseItemView } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { useLang } from '../shared/lang.ts';

/**
 * An item's 表格 (on the acceptance form, and on a case's card): the forms the district's catalogue
 * lists for the item, each opening its download in a new tab or printing a paper copy on the hall's
 * receipt printer for the resident. `testId` names the place it is shown (`accept`, `case`).
 */
export function ItemForms({
  item,
  api,
  testId = 'accept',
}: {
  item: CaseItemView;
  api: Pick<ApiClient, 'printForm'>;
  testId?: 'accept' | 'case';
}) {
  const { t } = useLang();
  const [status, setStatus] = useState<string | null>(null);
  const forms = item.forms ?? [];
  if (forms.length === 0) return null;
  const print = async (form: string) => {
    setStatus(t('guide.printing'));
    try {
      setStatus(t((await api.printForm(item.id, form)).printed ? 'guide.form.printed' : 'guide.printFailed'));
    } catch {
      setStatus(t('guide.printFailed'));
    }
  };
  return (
    <fieldset class="accept-forms" data-testid={`${testId}-forms`}>
      <legend>{t('accept.forms')}</legend>
      <ul>
        {forms.map((f) => (
          <li key={f.name} data-testid={`${testId}-form`}>
            <a href={f.url} target="_blank" rel="noopener noreferrer" data-testid={`${testId}-form-link`}>
              {f.name}
            </a>{' '}
            <button
              type="button"
              class="secondary-button"
              data-testid={`${testId}-form-print`}
              onClick={() => void print(f.name)}
            >
              {t('accept.form.print')}
            </button>
          </li>
        ))}
      </ul>
      {status && (
        <p role="status" data-testid={`${testId}-form-status`}>
          {status}
        </p>
      )}
    </fieldset>
  );
}

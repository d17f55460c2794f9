import type { PublicState } from '../../contract/api.ts';
import { serviceLabel } from '../shared/format.ts';
import { useLang } from '../shared/lang.ts';

/** Services and counters as this appliance runs them; they change only through central's signed configuration. */
export function ConfigPage({ state }: { state: PublicState | null }) {
  const { lang, t } = useLang();
  if (!state) return <p class="loading">{t('common.loading')}</p>;
  const name = (id: string) => {
    const s = state.services.find((x) => x.id === id);
    return s ? serviceLabel(lang, s) : id;
  };
  return (
    <main class="config" aria-labelledby="config-title">
      <h2 id="config-title">{t('config.title')}</h2>
      <p class="notice" data-testid="config-managed">
        {t('config.managed')}
      </p>
      <h3>{t('config.services')}</h3>
      <table class="queue-table" data-testid="config-services">
        <thead>
          <tr>
            <th scope="col">{t('config.col.prefix')}</th>
            <th scope="col">{t('config.col.name')}</th>
            <th scope="col">{t('config.col.items')}</th>
          </tr>
        </thead>
        <tbody>
          {state.services.map((s) => (
            <tr key={s.id}>
              <td>{s.prefix}</td>
              <th scope="row">{serviceLabel(lang, s)}</th>
              <td>{s.caseItems.map((i) => i.name).join('、') || t('report.none')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('config.counters')}</h3>
      <table class="queue-table" data-testid="config-counters">
        <thead>
          <tr>
            <th scope="col">{t('config.col.number')}</th>
            <th scope="col">{t('config.col.name')}</th>
            <th scope="col">{t('config.col.services')}</th>
            <th scope="col">{t('config.col.state')}</th>
          </tr>
        </thead>
        <tbody>
          {state.counters.map((c) => (
            <tr key={c.id}>
              <td>{c.number}</td>
              <th scope="row">{c.name}</th>
              <td>{c.serviceIds.map(name).join('、')}</td>
              <td>{c.paused ? t('admin.counter.paused') : t('config.open')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}

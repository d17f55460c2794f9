/**
 * Who may publish and subscribe what on the demo's embedded broker: the same rules as the shipped
 * TLS broker's ACL (fleet/broker-tls/acl), with a generated username and password in place of the
 * certificate's CN. A kiosk stays inside its own `v1/kiosks/{id}/…` tree and can never ack, command
 * or configure; only ingest acks; only the console commands and publishes desired configuration;
 * only the notification service reads the kiosks' sealed SMS opt-ins and answers them.
 */

export type BrokerRole = 'kiosk' | 'ingest' | 'console' | 'notify';

interface Grants {
  read: string[];
  write: string[];
}

function grantsOf(role: BrokerRole, username: string): Grants {
  switch (role) {
    case 'kiosk': {
      const own = `v1/kiosks/${username}`;
      const sends = [
        'status',
        'telemetry',
        'events/#',
        'tx',
        'config/reported',
        'cmd/res',
        'share/req',
        'share/reported',
      ].map((t) => `${own}/${t}`);
      return {
        // What a kiosk publishes it may read back (its retained status); what central sends it, only read.
        read: [
          ...sends,
          `${own}/ack`,
          `${own}/config/desired`,
          `${own}/cmd/#`,
          `${own}/notify/res`,
          `${own}/share/#`,
          'v1/fleet/ingest/state',
          'v1/fleet/notify/key',
          'v1/share/#',
        ],
        // The SMS opt-in goes live to central, sealed (contract/notify.ts), never through the outbox.
        write: [...sends, `${own}/notify/subscribe`],
      };
    }
    case 'ingest':
      return {
        read: ['tx', 'status', 'telemetry', 'events/#', 'config/reported']
          .map((t) => `v1/kiosks/+/${t}`)
          .concat('v1/fleet/ingest/state'),
        write: ['v1/kiosks/+/ack', 'v1/fleet/ingest/state'],
      };
    case 'notify':
      // As the shipped ACL's `notify` user: the opt-in requests, their answers, the retained sealing key.
      return {
        read: ['v1/kiosks/+/notify/subscribe', 'v1/fleet/notify/key'],
        write: ['v1/kiosks/+/notify/res', 'v1/fleet/notify/key'],
      };
    case 'console':
      return {
        read: ['v1/kiosks/#', 'v1/fleet/#'],
        // In the demo the console login also shares the district's datasets down (svc-share when shipped).
        write: [
          'v1/kiosks/+/cmd/+',
          'v1/kiosks/+/config/desired',
          'v1/share/#',
          'v1/sites/+/share/#',
          'v1/kiosks/+/share/kiosk/#',
          'v1/kiosks/+/share/res',
        ],
      };
  }
}

/** Does the MQTT filter (with + and #) match this topic? */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Is every topic the subscription filter can match also matched by the grant? */
function filterWithin(filter: string, grant: string): boolean {
  const f = filter.split('/');
  const g = grant.split('/');
  for (let i = 0; i < f.length; i++) {
    if (g[i] === '#') return true;
    if (g[i] === undefined || f[i] === '#') return false;
    if (g[i] === '+' ? false : f[i] !== g[i]) return false;
  }
  return f.length === g.length;
}

export function mayPublish(role: BrokerRole, username: string, topic: string): boolean {
  return grantsOf(role, username).write.some((g) => topicMatches(g, topic));
}

export function maySubscribe(role: BrokerRole, username: string, filter: string): boolean {
  // A shared subscription ($share/GROUP/filter) is judged by the filter it shares.
  const plain = filter.startsWith('$share/') ? filter.split('/').slice(2).join('/') : filter;
  return grantsOf(role, username).read.some((g) => filterWithin(plain, g));
}

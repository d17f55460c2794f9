/*
 * shequ_identity: a mosquitto 2.0 plugin that binds every client ID to the identity that
 * authenticated the connection, on listeners where `use_username_as_clientid` cannot be used
 * because one identity legitimately holds several connections at once (ingest workers sharing a
 * service certificate; kiosks of a batch enrolling with the shared bootstrap certificate).
 *
 * The identity is the client certificate's CN when the client presented one (the listener's
 * cafile has verified it during the TLS handshake), otherwise the MQTT username (checked against
 * the password file after this plugin). A client ID is accepted only if it is the identity itself
 * or the identity, a dot and a suffix of [A-Za-z0-9_-]: "svc-ingest", "svc-ingest.w1",
 * "prov-bootstrap.5f0c…". Kiosk IDs never contain a dot and never start with svc- or prov-, so
 * no service or bootstrap client can take over a kiosk's session, and a kiosk's own listener
 * forces its client ID to its certificate CN anyway. The certificate CN also becomes the
 * username, so the acl_file's `user` blocks and %u patterns see the certified identity.
 *
 * Site streams (`v1/sites/{site}/share/…`, contract/sharing.ts) are read only by the kiosks of
 * that site: an acl_file pattern cannot say "the site of %u", so this plugin decides every read
 * and subscription under `v1/sites/` before the acl_file (writes are left to it: only svc-share
 * has a grant there). A kiosk's site is the OU of its certificate (the enrolment service puts the
 * claim's site there), or, on a password listener or for a certificate without one, its line in
 * the file named by `plugin_opt_kiosk_sites` ("kioskId siteId" lines, read again on SIGHUP).
 * Only kiosk identities have a site (never prov-bootstrap, whose OU is its batch, nor svc-…). Anyone else, a wildcard in the site's place, or another site is refused: SUBACK 0x87, and no
 * delivery (mosquitto also checks read access per message).
 *
 * Build: gcc -shared -fPIC -O2 -Wall -o shequ_identity.so shequ_identity.c
 * (Debian packages mosquitto-dev and libmosquitto-dev provide the headers.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>

/* From OpenSSL, which mosquitto itself links; declared here so the build needs no OpenSSL headers. */
typedef struct x509_st X509;
typedef struct X509_name_st X509_NAME;
X509_NAME *X509_get_subject_name(const X509 *cert);
int X509_NAME_get_text_by_NID(const X509_NAME *name, int nid, char *buf, int len);
void X509_free(X509 *cert);
#define SHEQU_NID_COMMON_NAME 13
#define SHEQU_NID_ORG_UNIT 18

static mosquitto_plugin_id_t *plugin_id = NULL;

#define SITES_PREFIX "v1/sites/"
#define NAME_MAX_LEN 64

struct kiosk_site {
	char kiosk[NAME_MAX_LEN + 1];
	char site[NAME_MAX_LEN + 1];
};
static struct kiosk_site *sites = NULL;
static size_t site_count = 0;
static char sites_file[4096] = "";

static int suffix_ok(const char *suffix)
{
	if(*suffix == '\0') return 0;
	for(const char *c = suffix; *c; c++){
		int ok = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')
			|| *c == '_' || *c == '-';
		if(!ok) return 0;
	}
	return 1;
}

static int bound_to(const char *client_id, const char *identity)
{
	size_t n = strlen(identity);
	if(client_id == NULL || n == 0) return 0;
	if(strcmp(client_id, identity) == 0) return 1;
	return strncmp(client_id, identity, n) == 0 && client_id[n] == '.' && suffix_ok(client_id + n + 1);
}

static int refuse(const char *client_id, const char *identity, const char *why)
{
	mosquitto_log_printf(MOSQ_LOG_NOTICE, "shequ_identity: refused client ID '%s' for identity '%s': %s",
			client_id ? client_id : "", identity ? identity : "", why);
	return MOSQ_ERR_AUTH;
}

static int on_basic_auth(int event, void *event_data, void *userdata)
{
	struct mosquitto_evt_basic_auth *ed = event_data;
	const char *client_id = mosquitto_client_id(ed->client);
	X509 *cert = mosquitto_client_certificate(ed->client);
	char cn[256];
	int len;

	(void)event;
	(void)userdata;

	if(cert == NULL){
		/* Password listener: bind to the username; the password file decides on the password. */
		if(ed->username == NULL) return MOSQ_ERR_PLUGIN_DEFER;
		if(!bound_to(client_id, ed->username)){
			return refuse(client_id, ed->username, "a client ID must be the username or username.suffix");
		}
		return MOSQ_ERR_PLUGIN_DEFER;
	}

	len = X509_NAME_get_text_by_NID(X509_get_subject_name(cert), SHEQU_NID_COMMON_NAME, cn, (int)sizeof(cn));
	X509_free(cert);
	if(len <= 0 || (size_t)len != strlen(cn) || (size_t)len >= sizeof(cn) - 1){
		return refuse(client_id, NULL, "the certificate has no usable CN");
	}
	if(ed->username != NULL && strcmp(ed->username, cn) != 0){
		return refuse(client_id, cn, "the MQTT username differs from the certificate CN");
	}
	if(!bound_to(client_id, cn)){
		return refuse(client_id, cn, "a client ID must be the certificate CN or CN.suffix");
	}
	if(mosquitto_set_username(ed->client, cn) != MOSQ_ERR_SUCCESS){
		return refuse(client_id, cn, "cannot take the CN as username");
	}
	/* The TLS handshake verified the certificate against this listener's cafile. */
	return MOSQ_ERR_SUCCESS;
}

static int name_ok(const char *name)
{
	size_t n = strlen(name);
	return n > 0 && n <= NAME_MAX_LEN && suffix_ok(name);
}

static int by_kiosk(const void *a, const void *b)
{
	return strcmp(((const struct kiosk_site *)a)->kiosk, ((const struct kiosk_site *)b)->kiosk);
}

/* Reads "kioskId siteId" lines (# comments, blank lines); a malformed line is skipped with a warning. */
static void load_sites(void)
{
	FILE *f;
	char line[512];
	size_t cap = 0, count = 0, lineno = 0;
	struct kiosk_site *next = NULL;

	if(sites_file[0] == '\0') return;
	f = fopen(sites_file, "r");
	if(f == NULL){
		mosquitto_log_printf(MOSQ_LOG_WARNING, "shequ_identity: cannot read %s; no kiosk has a site from it", sites_file);
	}else{
		while(fgets(line, sizeof(line), f)){
			char kiosk[128], site[128], extra[2];
			int got;
			lineno++;
			if(line[0] == '#' || line[strspn(line, " \t\r\n")] == '\0') continue;
			got = sscanf(line, "%127s %127s %1s", kiosk, site, extra);
			if(got != 2 || !name_ok(kiosk) || !name_ok(site)){
				mosquitto_log_printf(MOSQ_LOG_WARNING, "shequ_identity: %s line %lu is not 'kioskId siteId'", sites_file, (unsigned long)lineno);
				continue;
			}
			if(count == cap){
				struct kiosk_site *grown;
				cap = cap ? cap * 2 : 64;
				grown = realloc(next, cap * sizeof(*next));
				if(grown == NULL) break;
				next = grown;
			}
			strcpy(next[count].kiosk, kiosk);
			strcpy(next[count].site, site);
			count++;
		}
		fclose(f);
		if(count > 0) qsort(next, count, sizeof(*next), by_kiosk);
	}
	free(sites);
	sites = next;
	site_count = count;
}

/*
 * Whether an identity can be a kiosk's (contract/config/schema.ts: [A-Za-z0-9_-]{3,64}, and never
 * a service's svc- or the factory bootstrap's prov- name). Only a kiosk has a site: a bootstrap
 * certificate's OU is its batch and a service's OU says nothing of a site, so neither may read
 * one however its OU is spelled.
 */
static int kiosk_id_ok(const char *identity)
{
	return identity != NULL && strlen(identity) >= 3 && name_ok(identity)
		&& strncmp(identity, "svc-", 4) != 0 && strncmp(identity, "prov-", 5) != 0;
}

/* The site of a kiosk into `out`: its certificate's OU, else its line in the sites file. */
static int site_of(struct mosquitto *client, char *out, size_t len)
{
	X509 *cert;
	const char *username = mosquitto_client_username(client);
	struct kiosk_site key, *found;

	if(!kiosk_id_ok(username)) return 0;
	cert = mosquitto_client_certificate(client);
	if(cert != NULL){
		int n = X509_NAME_get_text_by_NID(X509_get_subject_name(cert), SHEQU_NID_ORG_UNIT, out, (int)len);
		X509_free(cert);
		if(n > 0 && (size_t)n == strlen(out) && name_ok(out)) return 1;
	}
	if(site_count == 0) return 0;
	strcpy(key.kiosk, username);
	found = bsearch(&key, sites, site_count, sizeof(*sites), by_kiosk);
	if(found == NULL || strlen(found->site) >= len) return 0;
	strcpy(out, found->site);
	return 1;
}

static int on_acl_check(int event, void *event_data, void *userdata)
{
	struct mosquitto_evt_acl_check *ed = event_data;
	const char *named, *end;
	char site[NAME_MAX_LEN + 2];

	(void)event;
	(void)userdata;
	if(strncmp(ed->topic, SITES_PREFIX, strlen(SITES_PREFIX)) != 0) return MOSQ_ERR_PLUGIN_DEFER;
	if(ed->access != MOSQ_ACL_READ && ed->access != MOSQ_ACL_SUBSCRIBE) return MOSQ_ERR_PLUGIN_DEFER;
	named = ed->topic + strlen(SITES_PREFIX);
	end = strchr(named, '/');
	if(end == NULL || strncmp(end, "/share/", 7) != 0) return MOSQ_ERR_ACL_DENIED;
	if(!site_of(ed->client, site, sizeof(site))) return MOSQ_ERR_ACL_DENIED;
	if(strlen(site) != (size_t)(end - named) || strncmp(named, site, strlen(site)) != 0) return MOSQ_ERR_ACL_DENIED;
	return MOSQ_ERR_SUCCESS;
}

static int on_reload(int event, void *event_data, void *userdata)
{
	(void)event;
	(void)event_data;
	(void)userdata;
	load_sites();
	return MOSQ_ERR_SUCCESS;
}

int mosquitto_plugin_version(int supported_version_count, const int *supported_versions)
{
	for(int i = 0; i < supported_version_count; i++){
		if(supported_versions[i] == 5) return 5;
	}
	return -1;
}

int mosquitto_plugin_init(mosquitto_plugin_id_t *identifier, void **userdata, struct mosquitto_opt *options, int option_count)
{
	int rc;

	(void)userdata;
	plugin_id = identifier;
	for(int i = 0; i < option_count; i++){
		if(strcmp(options[i].key, "kiosk_sites") == 0 && strlen(options[i].value) < sizeof(sites_file)){
			strcpy(sites_file, options[i].value);
		}
	}
	load_sites();
	rc = mosquitto_callback_register(plugin_id, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL, NULL);
	if(rc == MOSQ_ERR_SUCCESS) rc = mosquitto_callback_register(plugin_id, MOSQ_EVT_ACL_CHECK, on_acl_check, NULL, NULL);
	if(rc == MOSQ_ERR_SUCCESS) rc = mosquitto_callback_register(plugin_id, MOSQ_EVT_RELOAD, on_reload, NULL, NULL);
	return rc;
}

int mosquitto_plugin_cleanup(void *userdata, struct mosquitto_opt *options, int option_count)
{
	(void)userdata;
	(void)options;
	(void)option_count;
	mosquitto_callback_unregister(plugin_id, MOSQ_EVT_ACL_CHECK, on_acl_check, NULL);
	mosquitto_callback_unregister(plugin_id, MOSQ_EVT_RELOAD, on_reload, NULL);
	free(sites);
	sites = NULL;
	site_count = 0;
	return mosquitto_callback_unregister(plugin_id, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL);
}

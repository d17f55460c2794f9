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
 * Build: gcc -shared -fPIC -O2 -Wall -o shequ_identity.so shequ_identity.c
 * (Debian packages mosquitto-dev and libmosquitto-dev provide the headers.)
 */
#include <stdio.h>
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

static mosquitto_plugin_id_t *plugin_id = NULL;

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

int mosquitto_plugin_version(int supported_version_count, const int *supported_versions)
{
	for(int i = 0; i < supported_version_count; i++){
		if(supported_versions[i] == 5) return 5;
	}
	return -1;
}

int mosquitto_plugin_init(mosquitto_plugin_id_t *identifier, void **userdata, struct mosquitto_opt *options, int option_count)
{
	(void)userdata;
	(void)options;
	(void)option_count;
	plugin_id = identifier;
	return mosquitto_callback_register(plugin_id, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL, NULL);
}

int mosquitto_plugin_cleanup(void *userdata, struct mosquitto_opt *options, int option_count)
{
	(void)userdata;
	(void)options;
	(void)option_count;
	return mosquitto_callback_unregister(plugin_id, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL);
}

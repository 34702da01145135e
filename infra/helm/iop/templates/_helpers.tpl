{{/* Names, labels, and what every container of a service shares (environment, secret files, volumes). */}}

{{- define "iop.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The name of one service's objects: <fullname>-<service>. */}}
{{- define "iop.name" -}}
{{- printf "%s-%s" (include "iop.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "iop.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "iop.labels" -}}
{{ include "iop.selectorLabels" . }}
app.kubernetes.io/part-of: iop
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* ADMISSIONS, CLINICAL_NOTES: the prefix of a service's own variables. */}}
{{- define "iop.prefix" -}}
{{- . | upper | replace "-" "_" -}}
{{- end -}}

{{/* One service's values: the defaults, overridden by services.<name>. */}}
{{- define "iop.service" -}}
{{- $svc := get .root.Values.services .name -}}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.defaults) (deepCopy $svc)) -}}
{{- end -}}

{{- define "iop.image" -}}
{{- printf "%s-%s:%s" .root.Values.image.repository .name (.root.Values.image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}

{{- define "iop.secretMountPath" -}}/var/run/secrets/iop{{- end -}}

{{/*
Which variables a container reads from a file of its service's Secret (NAME_FILE, libs/platform/src/config/secret-files.ts),
as VARIABLE: key. The migration job (job=true) also gets the owner's URL; only it does, and it gets no Kafka login.
*/}}
{{- define "iop.secretFiles" -}}
{{- $root := .root -}}
{{- $p := include "iop.prefix" .name -}}
{{- if eq .name "console" }}
CONSOLE_DATABASE_URL: database-url
CONSOLE_OIDC_CLIENT_SECRET: oidc-client-secret
CONSOLE_SESSION_SECRET: session-secret
{{- else }}
{{ $p }}_DATABASE_URL: database-url
{{- if and .job $root.Values.migrations.asOwner }}
{{ $p }}_MIGRATION_DATABASE_URL: migration-database-url
{{- end }}
{{- if eq .name "webhooks" }}
WEBHOOKS_SECRET_KEY: webhooks-secret-key
{{- end }}
{{- if or (eq .name "outcomes") (and (eq .name "fhir") (not .job)) }}
ANALYTICS_PSEUDONYM_KEYS: analytics-pseudonym-keys
{{- end }}
{{- if not .job }}
{{- if has $root.Values.kafka.sasl.mechanism (list "scram-sha-512" "scram-sha-256" "plain") }}
KAFKA_SASL_USERNAME: kafka-username
KAFKA_SASL_PASSWORD: kafka-password
{{- else if eq $root.Values.kafka.sasl.mechanism "oauthbearer" }}
KAFKA_SASL_OAUTHBEARER_CLIENT_ID: kafka-oauth-client-id
KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET: kafka-oauth-client-secret
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* A CA bundle volume from a Secret or a ConfigMap; nothing when neither is named. */}}
{{- define "iop.caVolume" -}}
{{- if .bundle.secretName }}
- name: {{ .volume }}
  secret:
    secretName: {{ .bundle.secretName }}
    items: [{ key: {{ .bundle.key | quote }}, path: {{ .bundle.key | quote }} }]
{{- else if .bundle.configMapName }}
- name: {{ .volume }}
  configMap:
    name: {{ .bundle.configMapName }}
    items: [{ key: {{ .bundle.key | quote }}, path: {{ .bundle.key | quote }} }]
{{- end }}
{{- end -}}

{{/* The environment of a service's containers, sorted, the values' env last so an operator can override any. */}}
{{- define "iop.env" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $svc := fromYaml (include "iop.service" .) -}}
{{- $env := dict "IOP_ENV" "production" "HOST" "0.0.0.0" -}}
{{- if eq .name "console" }}
{{- $_ := set $env "CONSOLE_PORT" (toString $svc.port) -}}
{{- $_ := set $env "CONSOLE_PUBLIC_URL" (required "services.console.publicUrl is required (the console's https address)" $svc.publicUrl) -}}
{{- $_ := set $env "CONSOLE_OIDC_ISSUER" (required "services.console.oidc.issuer or auth.issuer is required" ($svc.oidc.issuer | default $v.auth.issuer)) -}}
{{- $_ := set $env "CONSOLE_OIDC_CLIENT_ID" $svc.oidc.clientId -}}
{{- range $other, $o := $v.services }}
{{- if and (ne $other "console") $o.enabled }}
{{- $_ := set $env (printf "CONSOLE_%s_URL" (include "iop.prefix" $other)) (printf "http://%s:%v" (include "iop.name" (dict "root" $root "name" $other)) $o.port) -}}
{{- end }}
{{- end }}
{{- else }}
{{- $p := include "iop.prefix" .name -}}
{{- $_ := set $env (printf "%s_PORT" $p) (toString $svc.port) -}}
{{- $_ := set $env "KAFKA_BROKERS" (required "kafka.brokers is required (host:port[,host:port])" $v.kafka.brokers) -}}
{{- $_ := set $env "KAFKA_TOPIC_PREFIX" $v.kafka.topicPrefix -}}
{{- $_ := set $env "KAFKA_REPLICATION_FACTOR" (toString $v.kafka.replicationFactor) -}}
{{- if $v.kafka.allowPlaintext }}
{{- $_ := set $env "KAFKA_ALLOW_PLAINTEXT" "true" -}}
{{- end }}
{{- $_ := set $env "AUTH_JWKS_URL" (required "auth.jwksUrl is required (the identity provider's https key set)" $v.auth.jwksUrl) -}}
{{- $_ := set $env "AUTH_ISSUER" (required "auth.issuer is required" $v.auth.issuer) -}}
{{- $_ := set $env "AUTH_AUDIENCE" (required "auth.audience is required" $v.auth.audience) -}}
{{- $_ := set $env "AUTH_TENANT_CLAIM" $v.auth.tenantClaim -}}
{{- $_ := set $env "AUTH_ROLES_CLAIM" $v.auth.rolesClaim -}}
{{- $_ := set $env "AUTH_MAX_TOKEN_LIFETIME_S" (toString $v.auth.maxTokenLifetimeSeconds) -}}
{{- if $v.migrations.enabled }}
{{- $_ := set $env "MIGRATE_AT_START" "false" -}}
{{- end }}
{{- if $v.kafka.tls.enabled }}
{{- $_ := set $env "KAFKA_SSL" "true" -}}
{{- if or $v.kafka.tls.caBundle.secretName $v.kafka.tls.caBundle.configMapName }}
{{- $_ := set $env "KAFKA_SSL_CA_FILE" (printf "%s/%s" $v.kafka.tls.mountPath $v.kafka.tls.caBundle.key) -}}
{{- end }}
{{- end }}
{{- if ne $v.kafka.sasl.mechanism "none" }}
{{- $_ := set $env "KAFKA_SASL_MECHANISM" $v.kafka.sasl.mechanism -}}
{{- end }}
{{- if $v.tracing.otlpEndpoint }}
{{- $_ := set $env "OTEL_EXPORTER_OTLP_ENDPOINT" $v.tracing.otlpEndpoint -}}
{{- $_ := set $env "OTEL_TRACES_SAMPLER" $v.tracing.sampler -}}
{{- $_ := set $env "OTEL_TRACES_SAMPLER_ARG" $v.tracing.samplerArg -}}
{{- end }}
{{- if eq $v.kafka.sasl.mechanism "oauthbearer" }}
{{- $_ := set $env "KAFKA_SASL_OAUTHBEARER_TOKEN_URL" (required "kafka.sasl.oauthbearer.tokenUrl is required for oauthbearer" $v.kafka.sasl.oauthbearer.tokenUrl) -}}
{{- $_ := set $env "KAFKA_SASL_OAUTHBEARER_SCOPE" $v.kafka.sasl.oauthbearer.scope -}}
{{- end }}
{{- end }}
{{- range $variable, $key := fromYaml (include "iop.secretFiles" .) }}
{{- $_ := set $env (printf "%s_FILE" $variable) (printf "%s/%s" (include "iop.secretMountPath" $) $key) -}}
{{- end }}
{{- range $k, $val := $v.env }}
{{- $_ := set $env $k (toString $val) -}}
{{- end }}
{{- range $k, $val := $svc.env }}
{{- $_ := set $env $k (toString $val) -}}
{{- end }}
{{- range $k, $val := $env }}
- name: {{ $k }}
  value: {{ $val | quote }}
{{- end }}
{{- end -}}

{{/* Volumes of a service's pod: a writable /tmp, its Secret's files, the CA bundles. */}}
{{- define "iop.volumes" -}}
{{- $v := .root.Values -}}
{{- $svc := fromYaml (include "iop.service" .) -}}
- name: tmp
  emptyDir: { sizeLimit: 64Mi }
- name: secrets
  secret:
    secretName: {{ required (printf "services.%s.existingSecret is required" .name) $svc.existingSecret }}
    defaultMode: 0440
    items:
{{- range $variable, $key := fromYaml (include "iop.secretFiles" .) }}
      - { key: {{ $key | quote }}, path: {{ $key | quote }} }
{{- end }}
{{- if $v.postgresql.tls.enabled }}
{{- include "iop.caVolume" (dict "volume" "postgresql-ca" "bundle" $v.postgresql.tls.caBundle) }}
{{- end }}
{{- if ne .name "console" }}
{{- if $v.kafka.tls.enabled }}
{{- include "iop.caVolume" (dict "volume" "kafka-ca" "bundle" $v.kafka.tls.caBundle) }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "iop.volumeMounts" -}}
{{- $v := .root.Values -}}
- { name: tmp, mountPath: /tmp }
- { name: secrets, mountPath: {{ include "iop.secretMountPath" . }}, readOnly: true }
{{- if and $v.postgresql.tls.enabled (or $v.postgresql.tls.caBundle.secretName $v.postgresql.tls.caBundle.configMapName) }}
- { name: postgresql-ca, mountPath: {{ $v.postgresql.tls.mountPath }}, readOnly: true }
{{- end }}
{{- if ne .name "console" }}
{{- if and $v.kafka.tls.enabled (or $v.kafka.tls.caBundle.secretName $v.kafka.tls.caBundle.configMapName) }}
- { name: kafka-ca, mountPath: {{ $v.kafka.tls.mountPath }}, readOnly: true }
{{- end }}
{{- end }}
{{- end -}}

{{/* What every pod of the chart shares: no API token, non-root, the pull secrets. */}}
{{- define "iop.podCommon" -}}
{{- $v := .root.Values -}}
{{- if $v.serviceAccountName }}
serviceAccountName: {{ $v.serviceAccountName }}
{{- end }}
automountServiceAccountToken: false
securityContext:
  {{- toYaml $v.podSecurityContext | nindent 2 }}
{{- with $v.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* A list of NetworkPolicyPeers as a `to:`/`from:` entry; nothing when the list is empty (any address). */}}
{{- define "iop.peers" -}}
{{- if .peers -}}
{{ .key }}:
  {{- toYaml .peers | nindent 2 }}
{{- end -}}
{{- end -}}
